"""The clinic assistant. For now its launcher (`python -m clinic_assistant serve …`);
issue 15 moves the shared core here."""

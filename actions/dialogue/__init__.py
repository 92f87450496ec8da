"""The conversation around the answers: the screening checklist, disclosures
read in every state, holding a position under pressure, prompts that take
only their answers, and silence while staff hold the conversation."""

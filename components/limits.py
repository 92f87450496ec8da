"""Input limits shared by the NLU guard and the input policy (see README)."""

# Longer messages are stored whole but answered with "please send a shorter
# message"; NLU reads only this many characters of them.
MAX_MESSAGE_CHARS = 1000

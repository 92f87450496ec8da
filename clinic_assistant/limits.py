"""Input limits shared by the channels, the NLU guard, the red-flag reader and
the input policy (docs/input-limits.md)."""

# Longer messages are stored whole but answered with "please send a shorter
# message"; NLU reads only this many characters of them.
MAX_MESSAGE_CHARS = 1000

# The longest message any channel accepts (socket.io, REST); a longer one is
# refused with a reply that says so, before it is stored or read. Telegram
# (4,096), Messenger (2,000) and Twilio (1,600) stop at their own limits.
MAX_CHANNEL_CHARS = 20_000

# The red-flag reader (clinic_assistant/safety/red_flags.py) reads at most this many
# characters and words (commas count as words) of a message: all of anything
# a channel accepts unless it is made of one- and two-letter words run
# together with commas (20,000 characters of ordinary text are about 3,600
# words). It bends no word longer than MAX_WORD_CHARS towards a keyword and
# joins no spaced-out word longer than that. Each step is linear in the text
# read.
MAX_READ_CHARS = MAX_CHANNEL_CHARS
MAX_READ_WORDS = 10_000
MAX_WORD_CHARS = 40

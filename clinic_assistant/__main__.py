from clinic_assistant.launcher import main

main()

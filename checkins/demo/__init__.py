"""The demo department's check-ins, by subject: meetings and notes (history), reviews and
check-ins (rhythm), earlier reminders (reminders). Each module's seeder is in DEMO_SEEDERS."""

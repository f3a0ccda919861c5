"""Reads for checkins pages and other apps, by subject, each in a fixed number of queries.

Leaders get `meetings.meetings_for_leader`, which selects dates, durations, modes and
confirmation only: summaries, action items and private notes are never read for them.
A private note is read only filtered by its author (`meetings.meetings_for_member`).
"""

"""Checkins pages, by subject: mentorships (the mentorship page), meetings (logging,
confirming, private notes, action items) and planned meetings."""

"""Conversation notes: reading files, pseudonymisation, coding and import."""

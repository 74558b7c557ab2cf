"""The fault suite (`make soak`, `python -m soak`): simulated applicants on Telegram, WeChat and
the web page walk to a submitted packet against two workers on PostgreSQL while workers are
killed, SMTP refuses and Telegram rate-limits; then nothing acknowledged may be lost or doubled.
"""

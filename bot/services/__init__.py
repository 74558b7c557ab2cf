"""Services with I/O behind the conversation: documents, packets, offices, forwarding, mail."""

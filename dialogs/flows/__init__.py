"""The flows of the conversation, one module each; `dialogs.engine` dispatches between them."""

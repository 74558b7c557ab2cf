"""Channel adapters: each turns a platform's messages into `Message`s and renders replies."""

"""The application shell: configuration, storage, services and the command line."""

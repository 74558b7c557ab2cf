"""Fake platform servers on 127.0.0.1 (Bot API, WeChat API) and the signed messages the
platforms post, shared by the tests, the benchmarks and the soak suite (`python -m soak`)."""

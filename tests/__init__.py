"""The integration tests, which need the whole site, and the helpers every app's tests
share (helpers, admin_forms, page_test_case)."""

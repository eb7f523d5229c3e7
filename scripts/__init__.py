"""Developer scripts: the production-like demo site, screenshots and benchmarks."""

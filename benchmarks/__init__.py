"""Benchmarks: a synthetic corpus generator (`python -m benchmarks.corpus`) and the benchmark run
(`python -m benchmarks.run`)."""

// Benchmarks: `make bench` runs this in release mode and prints figures.
print("faktura-bench")

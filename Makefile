# Convenience targets; scripts/bootstrap.sh does the same from a fresh machine.
.PHONY: demo test build bench clean
demo:
	sh scripts/bootstrap.sh demo
test:
	sh scripts/bootstrap.sh test
build:
	sh scripts/bootstrap.sh build
bench: build
	sh scripts/bench.sh
clean:
	rm -rf build build-sanitize build-tsan

# Convenience targets; scripts/bootstrap.sh does the same from a fresh machine.
.PHONY: demo test build bench clean install
# make install PREFIX=/opt/pirqsim (default /usr/local; DESTDIR is honoured)
PREFIX ?= /usr/local
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
install: build
	DESTDIR="$(DESTDIR)" cmake --install build --prefix "$(PREFIX)"

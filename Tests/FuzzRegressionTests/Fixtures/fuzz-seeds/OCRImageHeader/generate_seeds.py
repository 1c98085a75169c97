#!/usr/bin/env python3
"""Seeds of fuzz-OCRImageHeader (run from this folder): a codec byte (even: JBIG2, odd: JPEG
2000) and an image's data: the 60,000 x 60,000 JBIG2 and JPX images of make_hostile_pdfs.py,
and an A4 page at 300 dpi in each codec."""
import importlib.util
import os

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    "hostile", os.path.join(HERE, "../../../../ValidateTests/Fixtures/hostile/make_hostile_pdfs.py"))
hostile = importlib.util.module_from_spec(spec)
spec.loader.exec_module(hostile)


def main():
    seeds = {"jbig2-giant.bin": b"\x00" + hostile.jbig2_giant_stream(),
             "jpx-giant.bin": b"\x01" + hostile.jpx_giant_stream()}
    hostile.GIANT = 2480
    seeds["jbig2-a4.bin"] = b"\x00" + hostile.jbig2_giant_stream()
    seeds["jpx-a4.bin"] = b"\x01" + hostile.jpx_giant_stream()
    for name, data in seeds.items():
        with open(os.path.join(HERE, name), "wb") as file:
            file.write(data)


if __name__ == "__main__":
    main()

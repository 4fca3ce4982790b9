#!/usr/bin/env python3
"""Writes the small data files the runtime's data tests read (run from this folder; output is deterministic).

csv/good/*: well-formed files exercising the format's corners. csv/bad/*, idx/bad/*: one mistake each, named after
it; the tests assert the exact message every one produces. idx/good/*: a tiny MNIST-like pair.
"""
import gzip
import io
import os
import struct
import zlib


def corrupt(data):
    """Flips one byte of the deflate stream at the first offset (from a third of the way in) that zlib rejects
    outright, so the fixture fails with a corrupt-data error rather than decoding to garbage."""
    for at in range(len(data) // 3, len(data) - 8):
        bad = bytearray(data)
        bad[at] ^= 0xFF
        try:
            zlib.decompress(bytes(bad[10:]), -15)
        except zlib.error as e:
            if "invalid" in str(e):
                return bytes(bad)
    raise ValueError("no corrupting offset found")

IRIS_HEAD = "sepal_length,sepal_width,petal_length,petal_width,species\n"
ROWS = ["5.1,3.5,1.4,0.2,setosa", "7.0,3.2,4.7,1.4,versicolor", "6.3,3.3,6.0,2.5,virginica",
        "4.9,3.0,1.4,0.2,setosa", "6.4,3.2,4.5,1.5,versicolor"]


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(path, "wb") as f:
        f.write(data)


def gz(data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as f:
        f.write(data)
    return buf.getvalue()


def idx(dtype, dims, payload):
    return bytes([0, 0, dtype, len(dims)]) + b"".join(struct.pack(">i", d) for d in dims) + payload


def csv(rows, head=IRIS_HEAD, nl="\n"):
    return (head + "\n".join(rows) + "\n").replace("\n", nl)


# --- good CSV ---
write("csv/good/tiny.csv", csv(ROWS))
write("csv/good/bom_crlf_quoted.csv",
      "\ufeff" + 'a,"b, with comma",label\r\n1,2,"x"\r\n3,"4","y ""quoted"""\r\n\r\n5,6,"multi\r\nline"\r\n')
write("csv/good/integer_labels.csv", "f1,f2,digit\n0.5,1,3\n1.5,2,1\n2.5,3,3\n3.5,4,0\n")
write("csv/good/odd_integer_labels.csv", "f1,f2,grade\n0.5,1,10\n1.5,2,2\n2.5,3,10\n3.5,4,7\n")
write("csv/good/regression.csv", "x1,x2,y1,y2\n1,2,3.5,-1\n2,3,4.5,-2\n3,4,5.5,-3\n")
write("csv/good/tiny.csv.gz", gz(csv(ROWS)))

# --- bad CSV: one mistake each ---
write("csv/bad/empty.csv", b"")
write("csv/bad/bom_only.csv", "\ufeff")
write("csv/bad/blank_lines_only.csv", "\n\r\n\n")
write("csv/bad/header_only.csv", IRIS_HEAD)
write("csv/bad/no_header.csv", "\n".join(ROWS[:1]).replace("setosa", "0") + "\n" + "4.9,3.0,1.4,0.2,0\n")
write("csv/bad/too_few_columns.csv", csv(ROWS[:2] + ["4.9,3.0,1.4,setosa"] + ROWS[3:]))
write("csv/bad/too_many_columns.csv", csv(ROWS[:3] + ["4.9,3.0,1.4,0.2,setosa,extra"]))
write("csv/bad/non_numeric.csv", csv(ROWS[:1] + ["7.0,3.2,abc,1.4,versicolor"]))
write("csv/bad/empty_cell.csv", csv(ROWS[:2] + ["6.3,,6.0,2.5,virginica"]))
write("csv/bad/nan_cell.csv", csv(["NaN,3.5,1.4,0.2,setosa"]))
write("csv/bad/hex_number.csv", csv(ROWS[:1] + ["0x1p3,3.5,1.4,0.2,setosa"]))
write("csv/bad/overflow.csv", csv(ROWS[:1] + ["5.1,1e50,1.4,0.2,setosa"]))
write("csv/bad/unclosed_quote.csv", csv(ROWS[:1] + ['4.9,3.0,1.4,0.2,"setosa'] + ROWS[3:]))
write("csv/bad/quote_in_unquoted.csv", csv(ROWS[:1] + ['4.9,3.0,1.4,0.2,set"osa']))
write("csv/bad/junk_after_quote.csv", csv(ROWS[:1] + ['4.9,3.0,1.4,0.2,"setosa"x']))
write("csv/bad/duplicate_header.csv", "a,b,a,label\n1,2,3,x\n")
write("csv/bad/empty_label.csv", csv(ROWS[:2] + ["6.3,3.3,6.0,2.5,"]))
write("csv/bad/unseen_label.csv", csv(ROWS[:2] + ["6.3,3.3,6.0,2.5,unicorn"]))
write("csv/bad/too_many_classes.csv", csv(ROWS + ["6.3,3.3,6.0,2.5,unicorn"]))
write("csv/bad/regression_text_label.csv", "x1,x2,y\n1,2,3.5\n2,3,high\n")
write("csv/bad/not_utf8.csv", IRIS_HEAD.encode() + "5.1,3.5,1.4,0.2,caf\u00e9\n".encode("latin-1"))
write("csv/bad/crlf_wrong_columns.csv", csv(ROWS[:3] + ["1,2,3"], nl="\r\n"))
write("csv/bad/multiline_quoted_then_bad.csv",
      IRIS_HEAD + '5.1,3.5,1.4,0.2,"set\nosa"\n7.0,3.2,4.7,1.4,versicolor\n6.3,3.3,x,2.5,virginica\n')
write("csv/bad/only_one_column.csv", "species\nsetosa\n")
write("csv/bad/bad_column.csv.gz", gz(csv(ROWS[:3] + ["1,2,3"])))
full = gz(csv(ROWS * 400))
write("csv/bad/truncated.csv.gz", full[: len(full) // 2])
write("csv/bad/corrupt.csv.gz", corrupt(full))

# --- good IDX: 5 images of 3x3 (values 0..44), labels 0..4 (ubyte) ---
images = idx(0x08, [5, 3, 3], bytes(range(45)))
labels = idx(0x08, [5], bytes([3, 1, 4, 1, 0]))
write("idx/good/images.idx", images)
write("idx/good/labels.idx", labels)
write("idx/good/images.idx.gz", gz(images))
write("idx/good/labels-gzipped-without-extension", gz(labels))
write("idx/good/values-float.idx", idx(0x0D, [5], b"".join(struct.pack(">f", v) for v in [0.5, 1.5, -2, 3, 4.25])))

# --- bad IDX ---
write("idx/bad/empty.idx", b"")
write("idx/bad/too_short.idx", b"\x00\x00")
write("idx/bad/bad_magic.idx", b"\x01\x02\x08\x03" + images[4:])
write("idx/bad/csv_as_idx.idx", "pixel0,pixel1\n0,1\n")
write("idx/bad/unknown_type.idx", idx(0x07, [5, 3, 3], bytes(45)))
write("idx/bad/images_rank1.idx", idx(0x08, [5], bytes(5)))
write("idx/bad/labels_rank3.idx", idx(0x08, [5, 3, 3], bytes(45)))
write("idx/bad/zero_count.idx", idx(0x08, [0, 3, 3], b""))
write("idx/bad/negative_dim.idx", idx(0x08, [5, -3, 3], b""))
write("idx/bad/truncated_data.idx", images[:-10])
write("idx/bad/trailing_bytes.idx", images + b"\x00\x00\x00")
write("idx/bad/header_cut.idx", images[:10])
write("idx/bad/huge_header.idx", idx(0x08, [2_000_000_000, 28, 28], bytes(100)))
write("idx/bad/labels_4.idx", idx(0x08, [4], bytes([1, 2, 3, 4])))
write("idx/bad/label_out_of_range.idx", idx(0x08, [5], bytes([3, 1, 12, 1, 0])))
write("idx/bad/float_labels.idx", idx(0x0D, [5], bytes(20)))
write("idx/bad/truncated_data.idx.gz", gz(images[:-10]))
big = gz(idx(0x08, [200, 28, 28], bytes((i * 7919) % 251 for i in range(200 * 784))))
write("idx/bad/truncated.idx.gz", big[: len(big) // 2])
write("idx/bad/corrupt.idx.gz", corrupt(big))
write("idx/bad/gzip_header_only.idx.gz", big[:10])

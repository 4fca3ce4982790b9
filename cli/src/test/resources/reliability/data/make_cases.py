#!/usr/bin/env python3
"""Writes the malformed-data cases of the command line's reliability suite (run from this folder; deterministic).

Each case is a folder holding a model file (`model.nnet`, its data paths relative to it), the data it names, and
`expected.txt`: the exit code and the exact standard error of `nnet train model.nnet`, where `$DIR` stands for the
folder the case runs in. One mistake per case, named after it. DataErrorsTest runs them all; rewrite the expected
files with -Dreliability.rewrite=true after an intended change to a message, and read the diff.
"""
import gzip
import io
import os
import shutil
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))

CSV_MODEL = """# {title}
model Case

input [4]
dense 8 relu
dense 3 softmax

loss sparse_categorical_crossentropy
metrics accuracy
optimizer adam(learning_rate = 0.01)
train {{ batch_size 4  epochs 1  seed 1 }}

data {{
  train csv("{train}", label = "{label}")
{extra}}}
"""

IDX_MODEL = """# {title}
model Case

input [4, 4]
flatten
dense 8 relu
dense 3 softmax

loss sparse_categorical_crossentropy
metrics accuracy
optimizer adam(learning_rate = 0.01)
train {{ batch_size 4  epochs 1  seed 1 }}

data {{
  train idx("{images}", "{labels}") scale 1/255
}}
"""

HEAD = "sepal_length,sepal_width,petal_length,petal_width,species\n"
ROWS = ["5.1,3.5,1.4,0.2,setosa", "7.0,3.2,4.7,1.4,versicolor", "6.3,3.3,6.0,2.5,virginica",
        "4.9,3.0,1.4,0.2,setosa", "6.4,3.2,4.5,1.5,versicolor", "5.8,2.7,5.1,1.9,virginica"]


def csv(rows, head=HEAD, nl="\n"):
    return (head + "\n".join(rows) + "\n").replace("\n", nl)


def gz(data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as f:
        f.write(data)
    return buf.getvalue()


def corrupt(data):
    """Flips one byte of the deflate stream where zlib rejects it outright (not merely decoding garbage)."""
    for at in range(len(data) // 3, len(data) - 8):
        bad = bytearray(data)
        bad[at] ^= 0xFF
        try:
            zlib.decompress(bytes(bad[10:]), -15)
        except zlib.error as e:
            if "invalid" in str(e):
                return bytes(bad)
    raise ValueError("no corrupting offset found")


def idx(dtype, dims, payload):
    return bytes([0, 0, dtype, len(dims)]) + b"".join(struct.pack(">i", d) for d in dims) + payload


def images(n, h=4, w=4):
    return idx(0x08, [n, h, w], bytes((i * 37) % 256 for i in range(n * h * w)))


def labels(values, dtype=0x08):
    return idx(dtype, [len(values)], bytes(values))


def write(case, name, data):
    path = os.path.join(HERE, case, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(path, "wb") as f:
        f.write(data)


def csv_case(case, title, data=None, train="train.csv", label="species", extra="", files=None):
    write(case, "model.nnet", CSV_MODEL.format(title=title, train=train, label=label, extra=extra))
    if data is not None:
        write(case, train, data)
    for name, content in (files or {}).items():
        write(case, name, content)


def idx_case(case, title, imgs, lbls, images_name="images.idx", labels_name="labels.idx"):
    write(case, "model.nnet", IDX_MODEL.format(title=title, images=images_name, labels=labels_name))
    if imgs is not None:
        write(case, images_name, imgs)
    if lbls is not None:
        write(case, labels_name, lbls)


for entry in os.listdir(HERE):
    if os.path.isdir(os.path.join(HERE, entry)) and (entry.startswith("csv_") or entry.startswith("idx_")):
        for name in os.listdir(os.path.join(HERE, entry)):
            if name != "expected.txt":
                path = os.path.join(HERE, entry, name)
                shutil.rmtree(path) if os.path.isdir(path) else os.remove(path)

# --- CSV, plain ---
csv_case("csv_empty", "An empty file (a failed export).", b"")
csv_case("csv_bom_only", "Nothing but a UTF-8 byte order mark.", "\ufeff")
csv_case("csv_blank_lines_only", "Blank lines, LF and CRLF, and nothing else.", "\n\r\n\n")
csv_case("csv_header_only", "A header row and no samples.", HEAD)
csv_case("csv_no_header", "Data from the first row: no column names.",
         "5.1,3.5,1.4,0.2,0\n4.9,3.0,1.4,0.2,1\n")
csv_case("csv_duplicate_column", "Two columns of the same name.",
         csv(ROWS, head="a,b,a,d,species\n"))
csv_case("csv_too_few_columns", "A row with a cell missing.", csv(ROWS[:3] + ["4.9,3.0,1.4,setosa"] + ROWS[4:]))
csv_case("csv_too_many_columns", "A text cell with an unquoted comma.",
         csv(ROWS[:2] + ["6.3,3.3,6.0,2.5,virginica, var. 2"] + ROWS[3:]))
csv_case("csv_non_numeric", "A word where a number belongs.", csv(ROWS[:1] + ["7.0,3.2,n/a,1.4,versicolor"] + ROWS[2:]))
csv_case("csv_decimal_comma", "A spreadsheet's decimal comma, quoted.", csv(ROWS[:4] + ['"6,4",3.2,4.5,1.5,versicolor']))
csv_case("csv_empty_cell", "An empty feature cell.", csv(ROWS[:2] + ["6.3,,6.0,2.5,virginica"] + ROWS[3:]))
csv_case("csv_nan_cell", "NaN, which a spreadsheet writes for a missing value.", csv(["NaN,3.5,1.4,0.2,setosa"] + ROWS[1:]))
csv_case("csv_overflow", "A number beyond float32.", csv(ROWS[:1] + ["7.0,1e39,4.7,1.4,versicolor"] + ROWS[2:]))
csv_case("csv_empty_label", "A row without its class.", csv(ROWS[:3] + ["4.9,3.0,1.4,0.2,"] + ROWS[4:]))
csv_case("csv_label_column_missing", "The model names a label column the file does not have.",
         csv(ROWS, head="sepal_length,sepal_width,petal_length,petal_width,variety\n"))
csv_case("csv_label_column_misspelt", "The label column's name, misspelt in the model.", csv(ROWS), label="specis")
csv_case("csv_too_many_classes", "Four classes for a model with three outputs.",
         csv(ROWS + ["5.0,2.0,3.5,1.0,hybrid"]))
csv_case("csv_unseen_test_label", "The test file has a class the training file lacks.", csv(ROWS),
         extra='  test csv("test.csv", label = "species")\n',
         files={"test.csv": csv(["5.0,3.4,1.5,0.2,setosa", "5.9,3.0,5.1,1.8,virgnica"])})
csv_case("csv_wrong_feature_count", "Three features for a model that takes four.",
         "a,b,c,species\n" + "\n".join(",".join(r.split(",")[1:]) for r in ROWS) + "\n")
csv_case("csv_crlf_bom_bad_cell", "A spreadsheet export (BOM, CRLF, quoted cells) with a bad cell on line 5.",
         "\ufeff" + csv(['"5.1",3.5,1.4,0.2,"setosa"', ROWS[1], ROWS[2], '4.9,3.0,"1,4",0.2,setosa'] + ROWS[4:],
                         nl="\r\n"))
csv_case("csv_multiline_quoted_then_bad", "A quoted cell spanning two lines, then a bad cell: lines count right.",
         csv(ROWS[:1] + ['7.0,3.2,4.7,1.4,"versi\ncolor"', "6.3,3.3,six,2.5,virginica"] + ROWS[3:]))
csv_case("csv_unclosed_quote", "A quote that never closes.", csv(ROWS[:2] + ['6.3,3.3,6.0,2.5,"virginica'] + ROWS[3:]))
csv_case("csv_quote_inside_cell", "A quote inside an unquoted cell.", csv(ROWS[:2] + ['6.3,3.3,6.0,2.5,vir"ginica']))
csv_case("csv_text_after_quote", "Text after a closing quote.", csv(ROWS[:2] + ['6.3,3.3,6.0,2.5,"virginica"x']))
csv_case("csv_not_utf8", "Latin-1 bytes, not UTF-8.", csv(ROWS[:2]).encode("utf-8") + "6.3,3.3,6.0,2.5,virgínica\n".encode("latin-1"))
csv_case("csv_missing_file", "The data file does not exist.", None)
csv_case("csv_directory", "The data path names a folder.", None, train="train.csv", files={"train.csv/README": "a folder\n"})

# --- CSV, gzipped ---
good_gz = gz(csv(ROWS * 40))
csv_case("csv_gz_truncated", "A download cut off in the middle.", good_gz[: len(good_gz) // 2], train="train.csv.gz")
csv_case("csv_gz_corrupt", "One byte of the compressed stream damaged.", corrupt(good_gz), train="train.csv.gz")
csv_case("csv_gz_header_only", "A gzip header and nothing after it.", good_gz[:10], train="train.csv.gz")
csv_case("csv_gz_bad_cell", "A gzipped file with a bad cell: the line is still named.",
         gz(csv(ROWS * 3 + ["5.0,3.4,1.5,?,setosa"])), train="train.csv.gz")
csv_case("csv_gz_empty", "A gzipped empty file.", gz(b""), train="train.csv.gz")
csv_case("csv_gz_bad_crc", "A gzip file whose checksum does not match its content.",
         good_gz[:-8] + bytes([good_gz[-8] ^ 1]) + good_gz[-7:], train="train.csv.gz")

# --- IDX, plain ---
LBL = [0, 1, 2, 1, 0, 2, 1, 0]
idx_case("idx_bad_magic", "Images that do not start with 00 00.", b"\x01\x02" + images(8)[2:], labels(LBL))
idx_case("idx_csv_as_idx", "A CSV file given as images.", csv(ROWS).encode(), labels(LBL))
idx_case("idx_unknown_type", "Type code 0x07, which IDX does not define.", bytes([0, 0, 7]) + images(8)[3:], labels(LBL))
idx_case("idx_files_swapped", "Images and labels swapped.", labels(LBL), images(8))
idx_case("idx_header_cut", "The header ends inside the dimension sizes.", images(8)[:9], labels(LBL))
idx_case("idx_dims_exceed_file", "A header claiming 50 million images in a small file.",
         idx(0x08, [50_000_000, 4, 4], bytes(128)), labels(LBL))
idx_case("idx_dims_exceed_memory", "A header whose sizes multiply to more than can be read.",
         idx(0x08, [2_000_000_000, 64, 64], bytes(64)), labels(LBL))
idx_case("idx_trailing_bytes", "More bytes than the header describes.", images(8) + bytes(5), labels(LBL))
idx_case("idx_truncated_data", "Fewer bytes than the header describes.", images(8)[:-20], labels(LBL))
idx_case("idx_count_mismatch", "Eight images, seven labels.", images(8), labels(LBL[:7]))
idx_case("idx_label_out_of_range", "Class 7 for a model with three classes.", images(8), labels(LBL[:5] + [7] + LBL[6:]))
idx_case("idx_float_labels", "Labels stored as floats.", images(8),
         idx(0x0D, [8], b"".join(struct.pack(">f", v) for v in LBL)))
idx_case("idx_zero_images", "A header declaring no samples.", idx(0x08, [0, 4, 4], b""), labels([]))
idx_case("idx_negative_dim", "A negative size (a signed overflow).", idx(0x08, [8, -4, 4], bytes(128)), labels(LBL))
idx_case("idx_wrong_sample_shape", "5x5 images for a model that takes 4x4.", images(8, 5, 5), labels(LBL))
idx_case("idx_empty_file", "An empty images file.", b"", labels(LBL))
idx_case("idx_missing_labels", "The labels file does not exist.", images(8), None)

# --- IDX, gzipped ---
good_idx_gz = gz(images(64))
idx_case("idx_gz_truncated", "Gzipped images cut off.", good_idx_gz[: len(good_idx_gz) * 2 // 3], gz(labels(LBL * 8)),
         "images.idx.gz", "labels.idx.gz")
idx_case("idx_gz_corrupt", "Gzipped images with a damaged byte.", corrupt(good_idx_gz), gz(labels(LBL * 8)),
         "images.idx.gz", "labels.idx.gz")
idx_case("idx_gz_header_only", "Gzipped labels: the gzip header only.", gz(images(8)), gz(labels(LBL))[:10],
         "images.idx.gz", "labels.idx.gz")
idx_case("idx_gz_count_mismatch", "Gzipped: eight images, nine labels.", gz(images(8)), gz(labels(LBL + [1])),
         "images.idx.gz", "labels.idx.gz")
idx_case("idx_gz_data_truncated", "Gzipped intact, but the IDX data inside is short.", gz(images(8)[:-3]),
         gz(labels(LBL)), "images.idx.gz", "labels.idx.gz")

#!/usr/bin/python3
"""hnswlib on the vectors `bin/embeddings bench --save-vectors FILE` writes, for comparisons.

/usr/bin/python3 embeddings/compare/hnswlib_bench.py FILE --queries 1000 --ef 10,20,40,80,160
Queries are the first N vectors, top-10, one thread, recall@10 against exact (numpy), as
`bin/embeddings bench` measures. Debian python3-hnswlib; not a project dependency.
"""
import argparse
import time

import hnswlib
import numpy as np


def read_word2vec_binary(path):
    with open(path, "rb") as f:
        raw = f.read()
    end = raw.index(b"\n")
    n, dim = map(int, raw[:end].split())
    data = np.empty((n, dim), dtype=np.float32)
    pos = end + 1
    for i in range(n):
        while raw[pos] in b"\r\n":
            pos += 1
        pos = raw.index(b" ", pos) + 1
        data[i] = np.frombuffer(raw, dtype="<f4", count=dim, offset=pos)
        pos += 4 * dim
    return data


p = argparse.ArgumentParser()
p.add_argument("vectors")
p.add_argument("--queries", type=int, default=1000)
p.add_argument("--m", type=int, default=16)
p.add_argument("--ef-construction", type=int, default=200)
p.add_argument("--ef", default="10,20,40,80,160")
p.add_argument("--build-threads", type=int, default=2)
a = p.parse_args()

data = read_word2vec_binary(a.vectors)
n, dim = data.shape
q = data[: a.queries]
unit = data / np.linalg.norm(data, axis=1, keepdims=True)
truth = np.argsort(-(unit[: a.queries] @ unit.T), axis=1)[:, :10]

t0 = time.time()
index = hnswlib.Index(space="cosine", dim=dim)
index.init_index(max_elements=n, ef_construction=a.ef_construction, M=a.m, random_seed=1)
index.add_items(data, np.arange(n), num_threads=a.build_threads)
print(f"build  hnswlib M {a.m} efConstruction {a.ef_construction}, {a.build_threads} threads: {time.time() - t0:.1f}s")
for ef in [int(x) for x in a.ef.split(",")]:
    index.set_ef(ef)
    index.knn_query(q, k=10, num_threads=1)
    t0 = time.time()
    labels, _ = index.knn_query(q, k=10, num_threads=1)
    seconds = time.time() - t0
    recall = np.mean([len(set(labels[i]) & set(truth[i])) / 10 for i in range(len(q))])
    print(f"query  hnswlib M {a.m} efC {a.ef_construction} ef {ef:<5d} recall@10 {recall:.3f}  {len(q) / seconds:10,.0f} queries/s")

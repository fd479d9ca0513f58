#!/usr/bin/python3
"""Trains gensim 4.2 skip-gram with the flags of `bin/embeddings train`, for comparisons.

/usr/bin/python3 embeddings/compare/gensim_train.py --input train.txt --output g.bin \
    --dim 64 --window 5 --negative 5 --sample 1e-3 --epochs 5 --threads 2 --seed 1
Prints wall time and items/s (vocabulary items per second before sub-sampling, as
`bin/embeddings train` counts them). Debian python3-gensim; not a project dependency.
"""
import argparse
import logging
import time

from gensim.models import Word2Vec

p = argparse.ArgumentParser()
p.add_argument("--input", required=True)
p.add_argument("--output", required=True)
p.add_argument("--format", default="binary", choices=["text", "binary"])
p.add_argument("--dim", type=int, default=100)
p.add_argument("--window", type=int, default=5)
p.add_argument("--negative", type=int, default=5)
p.add_argument("--ns-exponent", type=float, default=0.75)
p.add_argument("--min-count", type=int, default=5)
p.add_argument("--sample", type=float, default=1e-3)
p.add_argument("--alpha", type=float, default=0.025)
p.add_argument("--min-alpha", type=float, default=0.0001)
p.add_argument("--epochs", type=int, default=5)
p.add_argument("--threads", type=int, default=3)
p.add_argument("--seed", type=int, default=1)
p.add_argument("--verbose", action="store_true")
a = p.parse_args()
if a.verbose:
    logging.basicConfig(format="%(asctime)s %(message)s", level=logging.INFO)

with open(a.input, encoding="utf-8") as f:
    sentences = [line.split() for line in f if line.strip()]
model = Word2Vec(vector_size=a.dim, window=a.window, negative=a.negative, ns_exponent=a.ns_exponent,
                 min_count=a.min_count, sample=a.sample, alpha=a.alpha, min_alpha=a.min_alpha,
                 sg=1, hs=0, workers=a.threads, seed=a.seed)
model.build_vocab(sentences)
retained = sum(model.wv.get_vecattr(k, "count") for k in model.wv.index_to_key)
t0 = time.time()
model.train(sentences, total_examples=len(sentences), epochs=a.epochs)
seconds = time.time() - t0
print(f"gensim train dim {a.dim} window {a.window} negative {a.negative} sample {a.sample} "
      f"ns_exponent {a.ns_exponent} epochs {a.epochs} threads {a.threads}: {seconds:.1f}s, "
      f"{retained * a.epochs / seconds:,.0f} items/s, vocabulary {len(model.wv.index_to_key):,}")
model.wv.save_word2vec_format(a.output, binary=(a.format == "binary"))

#!/usr/bin/python3
"""Writes the gensim fixture of the tests: a tiny model saved in both word2vec formats.

/usr/bin/python3 embeddings/compare/make_fixture.py embeddings/src/test/resources/gensim
(Debian python3-gensim 4.x; not a project dependency.)
"""
import sys
from pathlib import Path

from gensim.models import Word2Vec

out = Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
sentences = [["a", "b", "c", "d"], ["b", "c", "e"], ["a", "c", "d", "é"]] * 20
model = Word2Vec(sentences, vector_size=8, window=2, min_count=1, sg=1, workers=1, seed=7, epochs=2)
model.wv.save_word2vec_format(str(out / "tiny.txt"), binary=False)
model.wv.save_word2vec_format(str(out / "tiny.bin"), binary=True)
with open(out / "tiny.expected.tsv", "w", encoding="utf-8") as f:
    for key in model.wv.index_to_key:
        f.write(key + "\t" + " ".join(repr(float(x)) for x in model.wv[key]) + "\n")
print("wrote", out, len(model.wv.index_to_key), "vectors")

package dev.homeshelves.embeddings.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeshelves.embeddings.Embeddings;
import dev.homeshelves.embeddings.Neighbor;
import dev.homeshelves.embeddings.index.ExactIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SkipGramTrainerTest {
  private static final int GROUPS = 4;
  private static final int PER_GROUP = 10;

  /** Sequences drawn from one of four disjoint groups of items: "g{group}_{item}". */
  private static List<List<String>> plantedCorpus(long seed) {
    Random random = new Random(seed);
    List<List<String>> sequences = new ArrayList<>();
    for (int s = 0; s < 2_000; s++) {
      int group = random.nextInt(GROUPS);
      List<String> seq = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        seq.add("g" + group + "_" + random.nextInt(PER_GROUP));
      }
      sequences.add(seq);
    }
    return sequences;
  }

  private static Word2VecParams small() {
    return Word2VecParams.defaults().withDim(16).withEpochs(3).withThreads(1).withMinCount(1);
  }

  @Test
  void itemsThatCoOccurEndUpNeighbours() {
    Corpus corpus = Corpus.of(plantedCorpus(1), 1);

    Embeddings vectors = new SkipGramTrainer(small().withThreads(2), p -> {}).train(corpus);

    ExactIndex index = new ExactIndex(vectors);
    for (int group = 0; group < GROUPS; group++) {
      String item = "g" + group + "_0";
      List<Neighbor> nearest = index.nearestTo(item, PER_GROUP - 1, Set.of());
      String prefix = "g" + group + "_";
      assertThat(nearest).extracting(Neighbor::id).allMatch(id -> id.startsWith(prefix), "in group " + group);
    }
  }

  @Test
  void oneThreadAndASeedReproduceTheVectorsBitForBit() {
    Corpus corpus = Corpus.of(plantedCorpus(2), 1);

    float[] first = new SkipGramTrainer(small(), p -> {}).train(corpus).rawData();
    float[] second = new SkipGramTrainer(small(), p -> {}).train(corpus).rawData();
    float[] otherSeed = new SkipGramTrainer(small().withSeed(99), p -> {}).train(corpus).rawData();

    assertThat(second).containsExactly(first);
    assertThat(otherSeed).isNotEqualTo(first);
  }

  @Test
  void negativeNsExponentStillTrainsGroups() {
    Corpus corpus = Corpus.of(plantedCorpus(3), 1);

    Embeddings vectors = new SkipGramTrainer(small().withNsExponent(-0.5), p -> {}).train(corpus);

    List<Neighbor> nearest = new ExactIndex(vectors).nearestTo("g1_3", 5, Set.of());
    assertThat(nearest).extracting(Neighbor::id).allMatch(id -> id.startsWith("g1_"));
  }

  @Test
  void vocabularyIsMostFrequentFirstAndDropsRareItems() {
    Corpus corpus = Corpus.of(List.of(List.of("a", "b", "b", "c"), List.of("b", "c", "d")), 2);

    assertThat(corpus.vocabularySize()).isEqualTo(2);
    assertThat(corpus.item(0)).isEqualTo("b");
    assertThat(corpus.count(0)).isEqualTo(3);
    assertThat(corpus.item(1)).isEqualTo("c");
    assertThat(corpus.rawItemCount()).isEqualTo(7);
    assertThat(corpus.retainedItemCount()).isEqualTo(5);
  }

  @Test
  void progressIsReportedUpToCompletion() {
    List<TrainingProgress> reports = new CopyOnWriteArrayList<>();

    new SkipGramTrainer(small(), reports::add).train(Corpus.of(plantedCorpus(4), 1));

    TrainingProgress last = reports.get(reports.size() - 1);
    assertThat(last.fraction()).isEqualTo(1.0);
    assertThat(last.epoch()).isEqualTo(3);
    assertThat(last.alpha()).isEqualTo(small().minAlpha());
    assertThat(last.describe()).contains("epoch 3/3").contains("items/s").contains("ETA");
  }

  @Test
  void corpusWithNoFrequentItemIsRejectedNamingMinCount() {
    Corpus corpus = Corpus.of(List.of(List.of("a", "b")), 5);

    assertThatThrownBy(() -> new SkipGramTrainer(small(), p -> {}).train(corpus))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minCount=5");
  }

  @Test
  void invalidParameterIsRejectedNamingIt() {
    assertThatThrownBy(() -> Word2VecParams.defaults().withWindow(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("window");
  }
}

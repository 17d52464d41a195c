import { sigmoidScore } from './calibration';
import { vectorize, type StoryFields } from './features';
import { predictTopics, trainTopicModel, type LabelledStory, type PredictedTopic, type TopicModel } from './model';
import { parseTopicModel, serializeTopicModel } from './model-file';
import { isReadableTerm } from './tokenize';

/** Three topics with distinct vocabularies, a few stories carrying two of them. */
const TRAIN: LabelledStory[] = [
  ['Washington widens chip export curbs', 'New licence rules stop shipments of advanced accelerators to Chinese buyers.', ['export-controls']],
  ['Commerce Department adds firms to entity list', 'The export blacklist bars the companies from buying American chips without a licence.', ['export-controls']],
  ['Licence rules tighten for chip shipments', 'Exporters must screen buyers before shipping accelerators abroad under the curbs.', ['export-controls']],
  ['Netherlands restricts lithography exports', 'Licences are now required for more chipmaking machines sold to China, matching US curbs.', ['export-controls']],
  ['Malaysia requires permits for chip exports', 'Shipments of American accelerators leaving the country need a licence under the new export rule.', ['export-controls']],
  ['Nvidia shares plunge 17%', 'The stock suffered its worst session in years as investors sold chipmakers and the Nasdaq slid.', ['market-move']],
  ['Nasdaq tumbles as tech stocks sell off', 'Investors dumped shares of chipmakers and the index closed sharply lower.', ['market-move']],
  ['Chip stocks rebound after rout', 'Shares recovered part of the losses as investors bought the dip and the index rose.', ['market-move']],
  ['Utilities slump in broad selloff', 'Power company shares fell sharply and the S&P 500 closed lower as investors fled.', ['market-move']],
  ['Semiconductor index drops 5%', 'Shares of memory makers led the decline in a volatile session for investors.', ['market-move']],
  ['Lab publishes open weights for its model', 'Developers can download the parameters under a permissive licence and run the model locally.', ['open-source']],
  ['Open-source community forks new model', 'Thousands of developers shared fine-tuned versions of the open weights on Hugging Face.', ['open-source']],
  ['Meta releases Llama weights', 'The open model can be downloaded and modified by developers under a community licence.', ['open-source']],
  ['Researchers publish fully open training code', 'The open-source project shares weights, data and code so developers can reproduce the model.', ['open-source']],
  ['Start-up open-sources coding model', 'Developers may download the weights and use the open model commercially.', ['open-source']],
  ['Chip curbs send Nvidia shares lower', 'New export licence rules for accelerators pushed the stock down as investors sold shares.', ['export-controls', 'market-move']],
  ['Open model release hits chip stocks', 'Shares of chipmakers fell as investors weighed the open weights that developers can download.', ['open-source', 'market-move']],
].map(([title, content, labels], i) => ({ id: `s${i}`, title: title as string, content: content as string, labels: labels as string[] }));

const OPTIONS = { minDf: 1, calibrationFolds: 0 };

function topicIds(model: ReturnType<typeof trainTopicModel>, title: string, content = ''): string[] {
  return predictTopics(model, { title, content }).map((t) => t.id);
}

describe('trainTopicModel + predictTopics', () => {
  const model = trainTopicModel(TRAIN, OPTIONS);

  it('learns the labels of the training data', () => {
    expect(model.labels.map((l) => l.id)).toEqual(['export-controls', 'market-move', 'open-source']);
    expect(model.labels.map((l) => l.support)).toEqual([6, 7, 6]);
    for (const story of TRAIN) expect(topicIds(model, story.title, story.content ?? '').sort()).toEqual([...story.labels].sort());
  });

  it('tags unseen stories by their vocabulary', () => {
    expect(topicIds(model, 'Japan tightens licence rules on chip exports', 'Shipments to Chinese buyers face new curbs.')).toEqual(['export-controls']);
    expect(topicIds(model, 'Shares slide as investors sell', 'The index closed lower in a volatile session.')).toEqual(['market-move']);
    expect(topicIds(model, 'Google publishes open weights', 'Developers can download the new open model.')).toEqual(['open-source']);
  });

  it('gives scores in 0-1, best first, with evidence terms found in the story', () => {
    const topics = predictTopics(model, { title: 'Investors sell shares after export curbs', content: 'Licence rules hit the stock.' });
    expect(topics.length).toBeGreaterThan(0);
    for (const topic of topics) {
      expect(topic.score).toBeGreaterThan(0);
      expect(topic.score).toBeLessThanOrEqual(1);
      expect(topic.evidence.length).toBeGreaterThan(0);
      expect(topic.evidence.length).toBeLessThanOrEqual(3);
      for (const term of topic.evidence) expect('investors sell shares after export curbs licence rules hit the stock').toContain(term);
    }
    expect(topics.map((t) => t.score)).toEqual([...topics.map((t) => t.score)].sort((a, b) => b - a));
    expect(predictTopics(model, { title: 'Investors sell shares' }, { maxEvidence: 1 })[0].evidence).toHaveLength(1);
  });

  it('reports the best topic when none passes its threshold, unless told not to', () => {
    const vague = { title: 'Developers and investors meet', content: '' };
    expect(predictTopics(model, vague)).toHaveLength(1);
    const strict = trainTopicModel(TRAIN, { ...OPTIONS, atLeastOne: false });
    expect(strict.atLeastOne).toBe(false);
    expect(predictTopics(strict, vague)).toEqual([]);
    const unlabelled = trainTopicModel([...TRAIN, { id: 'x', title: 'Weather report', content: 'Rain later.', labels: [] }], OPTIONS);
    expect(unlabelled.atLeastOne).toBe(false);
  });

  it('returns nothing for a story without a known term', () => {
    expect(predictTopics(model, { title: 'Rain expected tomorrow', summary: null, content: null })).toEqual([]);
  });

  it('is deterministic, with or without calibration', () => {
    expect(serializeTopicModel(trainTopicModel(TRAIN, OPTIONS))).toBe(serializeTopicModel(model));
    const calibrated = { minDf: 1, calibrationFolds: 3, minPositivesToCalibrate: 2 };
    expect(serializeTopicModel(trainTopicModel(TRAIN, calibrated))).toBe(serializeTopicModel(trainTopicModel(TRAIN, calibrated)));
  });

  it('calibrates thresholds and probability scales from held-out folds', () => {
    const calibrated = trainTopicModel(TRAIN, { minDf: 1, calibrationFolds: 3, minPositivesToCalibrate: 2 });
    expect(calibrated.labels.some((l) => l.threshold !== 0)).toBe(true);
    for (const label of calibrated.labels) expect(label.sigmoid.scale).toBeGreaterThan(0);
    expect(topicIds(calibrated, 'Japan tightens licence rules on chip exports', 'Shipments to Chinese buyers face new curbs.')).toContain('export-controls');
    const boundaryOnly = trainTopicModel(TRAIN, { minDf: 1, calibrationFolds: 3, minPositivesToCalibrate: 2, thresholdShrink: 0 });
    expect(boundaryOnly.labels.map((l) => l.threshold)).toEqual([0, 0, 0]);
    expect(boundaryOnly.labels.map((l) => l.sigmoid)).toEqual(calibrated.labels.map((l) => l.sigmoid));
  });

  it('survives a round trip through the model file unchanged', () => {
    const text = serializeTopicModel(model);
    const parsed = parseTopicModel(text);
    expect(parsed).toEqual(model);
    const story = { title: 'Chip curbs hit shares', content: 'Developers download open weights.' };
    expect(predictTopics(parsed, story)).toEqual(predictTopics(model, story));
    expect(JSON.parse(text)).toMatchObject({ format: 'wirewatch-topic-model', version: 1 });
  });

  it('rejects training data without labels', () => {
    expect(() => trainTopicModel([])).toThrow('no training examples');
    expect(() => trainTopicModel([{ id: 'a', title: 'x', labels: [] }])).toThrow('no example carries a label');
  });
});

/** predictTopics written plainly: one label at a time, every contribution sorted (weights are held as float32). */
function referenceTopics(model: TopicModel, story: StoryFields, maxEvidence: number): PredictedTopic[] {
  const x = vectorize(model.features, story);
  if (x.indices.length === 0) return [];
  const rows = model.labels.map((label) => new Map(label.indices.map((f, k) => [f, Math.fround(label.weights[k])])));
  const margins = model.labels.map((label, l) => {
    let margin = label.bias;
    x.indices.forEach((f, k) => (margin += (rows[l].get(f) ?? 0) * x.values[k]));
    return margin;
  });
  const scores = model.labels.map((label, l) => sigmoidScore(label.sigmoid, margins[l]));
  let chosen = model.labels.map((_, l) => l).filter((l) => margins[l] >= model.labels[l].threshold);
  if (chosen.length === 0 && model.atLeastOne) chosen = [scores.indexOf(Math.max(...scores))];
  const evidence = (l: number) =>
    [...x.indices]
      .map((f, k) => ({ term: model.features.vocabulary[f], amount: x.values[k] * (rows[l].get(f) ?? 0) }))
      .filter((c) => c.amount > 0 && isReadableTerm(c.term, model.features.tokenizer))
      .sort((a, b) => b.amount - a.amount || (a.term < b.term ? -1 : 1))
      .slice(0, maxEvidence)
      .map((c) => c.term);
  return chosen
    .map((l) => ({ id: model.labels[l].id, score: Math.round(scores[l] * 1000) / 1000, evidence: evidence(l) }))
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
}

describe('predictTopics', () => {
  // Margins are summed four labels per pass over rows padded to whole blocks; evidence keeps a running top.
  it.each([1, 2, 3, 4, 5, 6, 9])('gives exactly the plain computation with %i labels', (count) => {
    const stories = TRAIN.map((s, i) => ({ ...s, labels: [`t${i % count}`, ...(i % 3 ? [] : [`t${(i + 1) % count}`])] }));
    const model = trainTopicModel(stories, { ...OPTIONS, atLeastOne: count % 2 === 1 });
    const probes = [...TRAIN, { title: 'Investors sell shares after export curbs', content: 'Licence rules hit the stock.' }];
    for (const story of probes) {
      for (const maxEvidence of [0, 1, 3, 50]) {
        expect(predictTopics(model, story, { maxEvidence })).toEqual(referenceTopics(model, story, maxEvidence));
      }
    }
  });
});

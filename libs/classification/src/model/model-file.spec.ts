import { trainTopicModel } from './model';
import { parseTopicModel, serializeTopicModel } from './model-file';

const model = trainTopicModel(
  [
    { id: 'a', title: 'Export curbs on chips', labels: ['export-controls'] },
    { id: 'b', title: 'Chip shares fall', labels: ['market-move'] },
  ],
  { minDf: 1, calibrationFolds: 0 },
);

/** The model file with one change applied to its parsed JSON. */
function edited(change: (data: any) => void): string {
  const data = JSON.parse(serializeTopicModel(model));
  change(data);
  return JSON.stringify(data);
}

describe('parseTopicModel', () => {
  it('accepts what serializeTopicModel writes', () => {
    expect(parseTopicModel(serializeTopicModel(model))).toEqual(model);
  });

  it.each([
    ['not JSON', () => '{"format":', /^topic model: not valid JSON/],
    ['an array', () => '[]', 'topic model: topic model must be an object'],
    ['another format', () => edited((d) => (d.format = 'other')), 'format must be "wirewatch-topic-model", got "other"'],
    ['a newer version', () => edited((d) => (d.version = 2)), 'unsupported version 2 (this build reads version 1)'],
    ['no features', () => edited((d) => delete d.features), 'features must be an object'],
    ['idf of the wrong length', () => edited((d) => d.features.idf.pop()), /features.idf has \d+ entries but the vocabulary has \d+/],
    ['an empty term', () => edited((d) => (d.features.vocabulary[0] = '')), 'features.vocabulary[0] must be a non-empty string'],
    ['a missing tokenizer flag', () => edited((d) => delete d.features.tokenizer.stopWords), 'features.tokenizer.stopWords must be true or false, got nothing'],
    ['no labels', () => edited((d) => (d.labels = [])), 'labels must not be empty'],
    ['a repeated label', () => edited((d) => (d.labels[1].id = d.labels[0].id)), 'label "export-controls" appears twice'],
    ['a non-numeric weight', () => edited((d) => (d.labels[0].weights[0] = 'x')), 'labels[0].weights[0] must be a finite number, got "x"'],
    ['an index past the vocabulary', () => edited((d) => (d.labels[1].indices[0] = 10_000)), /labels\[1\]\.indices\[0\] = 10000 is not a feature index below \d+/],
    ['indices and weights of different lengths', () => edited((d) => d.labels[0].weights.pop()), /labels\[0\] has \d+ indices but \d+ weights/],
    ['a missing sigmoid', () => edited((d) => delete d.labels[0].sigmoid), 'labels[0].sigmoid must be an object'],
    ['a fractional support', () => edited((d) => (d.labels[0].support = 1.5)), 'labels[0].support must be a non-negative integer, got 1.5'],
  ])('rejects %s with a clear message', (_name, text, message) => {
    expect(() => parseTopicModel(text())).toThrow(message);
  });
});

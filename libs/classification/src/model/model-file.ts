import type { Sigmoid } from './calibration';
import type { FeatureSpace } from './features';
import { TOPIC_MODEL_FORMAT, TOPIC_MODEL_VERSION, type LabelModel, type TopicModel } from './model';

/** The model as one line of JSON; parseTopicModel gives back an equal model. */
export function serializeTopicModel(model: TopicModel): string {
  return JSON.stringify(model);
}

/** Parses and validates a model file; throws an Error naming the first thing that is wrong. */
export function parseTopicModel(text: string): TopicModel {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`topic model: not valid JSON (${(error as Error).message})`);
  }
  const root = record(data, 'topic model');
  if (root.format !== TOPIC_MODEL_FORMAT) throw new Error(`topic model: format must be "${TOPIC_MODEL_FORMAT}", got ${show(root.format)}`);
  if (root.version !== TOPIC_MODEL_VERSION) {
    throw new Error(`topic model: unsupported version ${show(root.version)} (this build reads version ${TOPIC_MODEL_VERSION})`);
  }
  const features = parseFeatures(root.features);
  const labelsData = array(root.labels, 'labels');
  if (labelsData.length === 0) throw new Error('topic model: labels must not be empty');
  const labels = labelsData.map((label, l) => parseLabel(label, `labels[${l}]`, features.vocabulary.length));
  const duplicate = labels.find((label, l) => labels.findIndex((other) => other.id === label.id) !== l);
  if (duplicate) throw new Error(`topic model: label "${duplicate.id}" appears twice`);
  return {
    format: TOPIC_MODEL_FORMAT,
    version: TOPIC_MODEL_VERSION,
    features,
    labels,
    atLeastOne: boolean(root.atLeastOne, 'atLeastOne'),
    trainedOn: count(root.trainedOn, 'trainedOn'),
  };
}

function parseFeatures(value: unknown): FeatureSpace {
  const features = record(value, 'features');
  const tokenizer = record(features.tokenizer, 'features.tokenizer');
  const vocabulary = array(features.vocabulary, 'features.vocabulary').map((term, i) => {
    if (typeof term !== 'string' || term.length === 0) throw new Error(`topic model: features.vocabulary[${i}] must be a non-empty string`);
    return term;
  });
  const idf = numbers(features.idf, 'features.idf');
  if (idf.length !== vocabulary.length) {
    throw new Error(`topic model: features.idf has ${idf.length} entries but the vocabulary has ${vocabulary.length}`);
  }
  return {
    tokenizer: {
      stopWords: boolean(tokenizer.stopWords, 'features.tokenizer.stopWords'),
      normaliseNumbers: boolean(tokenizer.normaliseNumbers, 'features.tokenizer.normaliseNumbers'),
    },
    titleWeight: finite(features.titleWeight, 'features.titleWeight'),
    vocabulary,
    idf,
  };
}

function parseLabel(value: unknown, path: string, dimension: number): LabelModel {
  const label = record(value, path);
  if (typeof label.id !== 'string' || label.id.length === 0) throw new Error(`topic model: ${path}.id must be a non-empty string`);
  const indices = numbers(label.indices, `${path}.indices`);
  const weights = numbers(label.weights, `${path}.weights`);
  if (indices.length !== weights.length) throw new Error(`topic model: ${path} has ${indices.length} indices but ${weights.length} weights`);
  indices.forEach((index, k) => {
    if (!Number.isInteger(index) || index < 0 || index >= dimension) {
      throw new Error(`topic model: ${path}.indices[${k}] = ${index} is not a feature index below ${dimension}`);
    }
  });
  const sigmoid = record(label.sigmoid, `${path}.sigmoid`);
  const parsedSigmoid: Sigmoid = {
    scale: finite(sigmoid.scale, `${path}.sigmoid.scale`),
    offset: finite(sigmoid.offset, `${path}.sigmoid.offset`),
  };
  return {
    id: label.id,
    support: count(label.support, `${path}.support`),
    bias: finite(label.bias, `${path}.bias`),
    threshold: finite(label.threshold, `${path}.threshold`),
    sigmoid: parsedSigmoid,
    indices,
    weights,
  };
}

function record(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`topic model: ${path} must be an object`);
  return value as Record<string, unknown>;
}

function array(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`topic model: ${path} must be an array`);
  return value;
}

function numbers(value: unknown, path: string): number[] {
  return array(value, path).map((n, i) => finite(n, `${path}[${i}]`));
}

function finite(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`topic model: ${path} must be a finite number, got ${show(value)}`);
  return value;
}

function count(value: unknown, path: string): number {
  if (!Number.isInteger(value) || (value as number) < 0) throw new Error(`topic model: ${path} must be a non-negative integer, got ${show(value)}`);
  return value as number;
}

function boolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') throw new Error(`topic model: ${path} must be true or false, got ${show(value)}`);
  return value;
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? 'nothing' : text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

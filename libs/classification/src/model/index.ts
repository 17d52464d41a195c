export { parseLabelledJsonl } from './jsonl';
export { evaluateTopics, formatEvaluation, type Evaluation, type LabelScores, type LabelledIds, type Scores } from './metrics';
export {
  DEFAULT_TRAIN_OPTIONS,
  TOPIC_MODEL_FORMAT,
  TOPIC_MODEL_VERSION,
  predictTopics,
  trainTopicModel,
  type LabelModel,
  type LabelledStory,
  type PredictedTopic,
  type PredictOptions,
  type TopicModel,
  type TrainOptions,
} from './model';
export { parseTopicModel, serializeTopicModel } from './model-file';

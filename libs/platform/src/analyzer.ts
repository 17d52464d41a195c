import { readFileSync } from 'node:fs';
import { type AnalyzerConfig, DEFAULT_TAXONOMY, parseTaxonomy, parseTopicModel } from '@wirewatch/classification';

/**
 * Reads the taxonomy file (TAXONOMY_FILE, extending or replacing the default taxonomy) and the trained topic
 * models (TOPIC_MODELS) a classifier runs with. A missing or invalid file is an error naming the file: a
 * service must not start classifying with a taxonomy other than the one it was told to use.
 */
export function loadAnalyzer(files: { taxonomyFile: string | null; topicModels: readonly string[] }): AnalyzerConfig {
  const taxonomy = files.taxonomyFile ? parseTaxonomy(read(files.taxonomyFile, 'TAXONOMY_FILE'), files.taxonomyFile) : DEFAULT_TAXONOMY;
  const models = files.topicModels.map((file) => {
    try {
      return parseTopicModel(read(file, 'TOPIC_MODELS'));
    } catch (e) {
      throw new Error(`${file}: ${(e as Error).message}`);
    }
  });
  return { taxonomy, models };
}

/** Every topic id the analyzer can tag: the taxonomy's, then the models' labels. */
export function analyzerTopicIds(analyzer: AnalyzerConfig): string[] {
  return [...new Set([...analyzer.taxonomy.topics.map((t) => t.id), ...analyzer.models.flatMap((m) => m.labels.map((l) => l.id))])];
}

function read(file: string, variable: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`${variable}: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

import type { LabelledStory } from './model';

/**
 * Parses labelled training/evaluation data, one JSON object per line: {"id", "title", "content"?, "summary"?,
 * "labels": [string]}. Blank lines and a byte-order mark are skipped; any other bad line throws an Error with its
 * 1-based line number. Numeric ids (common in benchmark exports) become strings; repeated labels are merged.
 */
export function parseLabelledJsonl(text: string): LabelledStory[] {
  const stories: LabelledStory[] = [];
  const seen = new Set<string>();
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    const story = parseLine(line, index + 1);
    if (seen.has(story.id)) throw new Error(`line ${index + 1}: duplicate id "${story.id}"`);
    seen.add(story.id);
    stories.push(story);
  });
  return stories;
}

function parseLine(line: string, lineNumber: number): LabelledStory {
  const fail = (problem: string): never => {
    throw new Error(`line ${lineNumber}: ${problem}`);
  };
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch (error) {
    return fail(`invalid JSON (${(error as Error).message})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return fail('expected a JSON object');
  const { id, title, content, summary, labels } = data as Record<string, unknown>;
  const validId = (typeof id === 'string' && id.trim() !== '') || (typeof id === 'number' && Number.isFinite(id));
  if (!validId) fail('"id" must be a non-empty string or a number');
  if (typeof title !== 'string') fail('"title" must be a string');
  for (const [name, value] of [['content', content], ['summary', summary]] as const) {
    if (value !== undefined && value !== null && typeof value !== 'string') fail(`"${name}" must be a string or null`);
  }
  if (!Array.isArray(labels)) return fail('"labels" must be an array of strings');
  if (labels.some((label) => typeof label !== 'string' || label.trim() === '')) fail('"labels" must contain only non-empty strings');
  return {
    id: String(id),
    title: title as string,
    content: (content as string | null | undefined) ?? null,
    summary: (summary as string | null | undefined) ?? null,
    labels: [...new Set((labels as string[]).map((label) => label.trim()))],
  };
}

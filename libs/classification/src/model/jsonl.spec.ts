import { parseLabelledJsonl } from './jsonl';

describe('parseLabelledJsonl', () => {
  it('parses stories, skips blank lines and merges repeated labels', () => {
    const text = [
      '{"id":"a","title":"Chip stocks slide","content":"Nvidia fell.","labels":["market-move"]}',
      '',
      '{"id":"b","title":"New model","summary":"A lab released weights.","labels":["ai-models","open-source","ai-models"]}',
    ].join('\r\n');
    expect(parseLabelledJsonl(text)).toEqual([
      { id: 'a', title: 'Chip stocks slide', content: 'Nvidia fell.', summary: null, labels: ['market-move'] },
      { id: 'b', title: 'New model', content: null, summary: 'A lab released weights.', labels: ['ai-models', 'open-source'] },
    ]);
  });

  it('accepts numeric ids and a byte-order mark', () => {
    const stories = parseLabelledJsonl('\uFEFF{"id":17,"title":"Cocoa talks stall","labels":["cocoa"]}');
    expect(stories.map((s) => s.id)).toEqual(['17']);
  });

  it.each([
    ['{"id":"a","title":"t","labels":[]}\n{not json}', /^line 2: invalid JSON/],
    ['[1]', /^line 1: expected a JSON object$/],
    ['{"title":"t","labels":[]}', /^line 1: "id" must be a non-empty string or a number$/],
    ['{"id":" ","title":"t","labels":[]}', /^line 1: "id" must be a non-empty string or a number$/],
    ['{"id":"a","labels":[]}', /^line 1: "title" must be a string$/],
    ['{"id":"a","title":"t","content":5,"labels":[]}', /^line 1: "content" must be a string or null$/],
    ['{"id":"a","title":"t"}', /^line 1: "labels" must be an array of strings$/],
    ['{"id":"a","title":"t","labels":["x",""]}', /^line 1: "labels" must contain only non-empty strings$/],
    ['{"id":"a","title":"t","labels":[]}\n\n{"id":"a","title":"u","labels":[]}', /^line 3: duplicate id "a"$/],
  ])('reports the line of a bad record: %s', (text, message) => {
    expect(() => parseLabelledJsonl(text)).toThrow(message);
  });
});

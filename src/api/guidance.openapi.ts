/** The OpenAPI description of the practice guidance library; openapi.ts merges it into the one document. */
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });
const json = (schema: Record<string, unknown>, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const str = { type: 'string' };
const bilingual = { type: 'object', properties: { en: str, cy: str } };
const clause = {
  type: 'object',
  properties: {
    document: str,
    ref: str,
    number: { type: ['string', 'null'] },
    title: bilingual,
    summary: { ...bilingual, description: 'Our own summary of the clause (never the document’s words)' },
    tags: { type: 'array', items: str },
    level: { type: ['string', 'null'], enum: ['red_line', 'aspirational', 'practice', null], description: 'Only for documents that grade their clauses' },
    crossReferences: { type: 'array', items: { type: 'object', properties: { document: str, clause: str } } },
    href: str,
  },
};
const errors = {
  '401': problemResponse('No valid bearer token'),
  '404': problemResponse('No such document or clause'),
};

export const guidancePaths = {
  '/guidance/documents': {
    get: { tags: ['Guidance'], summary: 'The documents of the library, with how many entries your organisation has full text for', responses: { '200': json({ type: 'object' }), ...errors } },
  },
  '/guidance/documents/{document}': {
    get: {
      tags: ['Guidance'],
      summary: 'One document: its sections and clauses',
      parameters: [{ name: 'document', in: 'path', required: true, schema: str }],
      responses: { '200': json({ type: 'object' }), ...errors },
    },
  },
  '/guidance/documents/{document}/clauses/{ref}': {
    get: {
      tags: ['Guidance'],
      summary: 'One clause, with your organisation’s full text where it supplied one, what it refers to and what refers to it',
      parameters: [
        { name: 'document', in: 'path', required: true, schema: str },
        { name: 'ref', in: 'path', required: true, schema: str },
      ],
      responses: { '200': json(clause), ...errors },
    },
  },
  '/guidance/search': {
    get: {
      tags: ['Guidance'],
      summary: 'Ranked full-text search of the library; extracts mark the matched words',
      parameters: [
        { name: 'q', in: 'query', required: true, schema: { type: 'string', minLength: 1, maxLength: 200 } },
        { name: 'lang', in: 'query', schema: { enum: ['en', 'cy'] }, description: 'cy also searches the Welsh titles and summaries' },
        { name: 'document', in: 'query', schema: str },
        { name: 'tag', in: 'query', schema: str },
      ],
      responses: { '200': json({ type: 'object' }), '400': problemResponse('q is missing or longer than 200 characters'), ...errors },
    },
  },
  '/guidance/resources': {
    get: {
      tags: ['Guidance'],
      summary: 'The safeguarding resource directory',
      parameters: [{ name: 'audience', in: 'query', schema: { enum: ['children', 'adults', 'both'] } }],
      responses: { '200': json({ type: 'object' }), ...errors },
    },
  },
  '/guidance/for-form': {
    get: {
      tags: ['Guidance'],
      summary: 'The guidance a form shows ("Guidance for this step")',
      parameters: [{ name: 'form', in: 'query', required: true, schema: str, description: 'The form key, e.g. case/step#close_case or concern/harm' }],
      responses: { '200': json({ type: 'object' }), ...errors },
    },
  },
  '/guidance/imports': {
    post: {
      tags: ['Guidance'],
      summary: 'Attach the full text of a document to the catalogue for your organisation (administrators)',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['fileName', 'text'],
              properties: {
                document: { type: 'string', description: 'A catalogue document id; recognised from the text when left out' },
                fileName: { type: 'string', minLength: 1, maxLength: 200 },
                text: { type: 'string', minLength: 1 },
                language: { enum: ['en', 'cy'] },
              },
            },
          },
        },
      },
      responses: { '201': json({ type: 'object' }, 'Imported: what matched and what did not'), '400': problemResponse('The text is empty or not a catalogue document'), ...errors },
    },
  },
};

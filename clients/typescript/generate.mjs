// Turns the API's OpenAPI document into clients/typescript/schema.d.ts with openapi-typescript.
// Shared by `npm run client` (scripts/client.mjs, which writes the file) and the test that fails when
// the committed file is stale (test/e2e/typescript-client.test.ts). openapi-typescript needs the
// TypeScript 5 compiler API, which TypeScript 7 (the repository's compiler) no longer has: this
// package's own devDependencies hold both (npm keeps them in clients/typescript/node_modules).
import openapiTS, { astToString, COMMENT_HEADER } from "openapi-typescript";

const HEADER = `${COMMENT_HEADER.trimEnd()}
// Types of the MeLinks API, generated from GET /api/v1/openapi.json by \`npm run client\`.

`;

/**
 * @param {object} document the OpenAPI 3.1 document, parsed
 * @returns {Promise<string>} the text of schema.d.ts
 */
export async function generateSchema(document) {
  // defaultNonNullable off: a field with a default (a link's `enabled`, a page's `bio`) may be left out
  // of a request, as the document's `required` lists say; openapi-typescript would require it otherwise.
  const ast = await openapiTS(/** @type {any} */ (document), { silent: true, defaultNonNullable: false });
  return HEADER + astToString(ast);
}

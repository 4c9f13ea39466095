import { Validator } from "@seriousme/openapi-schema-validator";
import { appRouter } from "@trellis/api";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { setupRestTest } from "../testing";
import { createOpenApiDocument } from "./document";
import { methodKey, type RestRoute, restRoutesOf } from "./routes";

const restRoutes = restRoutesOf(appRouter);
const document = createOpenApiDocument({ router: appRouter, baseUrl: "/api/v1", secureCookies: true });

/** Checks a value against a schema of the document (by JSON pointer), the way any OpenAPI client would. */
function schemaChecker() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema({ ...document, $id: "openapi.json" });
  return (pointer: string, value: unknown) => {
    const validate = ajv.getSchema(`openapi.json#${pointer}`);
    if (!validate) throw new Error(`No schema at ${pointer}`);
    return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  };
}
const check = schemaChecker();
const pointerSegment = (segment: string) => segment.replace(/~/g, "~0").replace(/\//g, "~1");
const operationOf = (method: RestRoute["method"], path: string) => document.paths?.[path]?.[methodKey(method)];
const schemasWithExamples = () =>
  Object.entries(document.components?.schemas ?? {}).filter(([, schema]) => "examples" in schema);

type RestApi = Awaited<ReturnType<typeof setupRestTest>>;

/**
 * How to make a fresh thing of each resource a path names (by its segment, "posts" for
 * "/posts/{id}"), by Alice: a route that deletes or conflicts never meets another's leftovers.
 */
const idMakers: Record<string, (api: RestApi) => Promise<string>> = {
  posts: async (api) => (await api.as.alice.post.create({ title: "Contract", body: "For the contract test." })).id,
  comments: async (api) => {
    const post = await api.as.alice.post.create({ title: "Contract", body: "For the contract test." });
    return (await api.as.alice.comment.create({ postId: post.id, body: "A comment." })).id;
  },
  // Each resource's maker goes here (docs/adding-a-resource.md; pnpm gen resource).
};

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const result = await new Validator().validate({ ...structuredClone(document) });
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe("3.1.0");
  });

  it("has a route for every procedure that declares one, and nothing else", () => {
    const documented = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
      ["get", "post", "put", "patch", "delete"]
        .filter((m) => m in (item ?? {}))
        .map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(restRoutes.map((r) => `${r.method} ${r.path}`).sort());
    expect(documented).toEqual(expect.arrayContaining(["GET /me"]));
  });

  it("documents the posts' routes", () => {
    expect(restRoutes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(["GET /posts", "POST /posts"]),
    );
    expect(Object.keys(document.paths ?? {})).toEqual(expect.arrayContaining(["/posts", "/posts/{id}"]));
  });

  it.each(restRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))(
    "%s documents its success, its errors as problems, and examples",
    (_, route) => {
      const operation = operationOf(route.method, route.path);
      expect(operation?.summary).toBeTruthy();
      const responses = operation?.responses ?? {};
      expect(Object.keys(responses)).toContain(String(route.successStatus));
      for (const [status, response] of Object.entries(responses)) {
        if (Number(status) < 400) continue;
        expect(response.content?.["application/problem+json"]?.schema).toEqual({
          $ref: "#/components/schemas/Problem",
        });
      }
      if (route.successStatus === 201) expect(responses["201"]?.headers?.Location).toMatchObject({ required: true });
      if (route.access !== "public") expect(operation?.security).toEqual([{ bearerToken: [] }, { sessionCookie: [] }]);
      // Every field a client must send has an example to copy.
      const body = operation?.requestBody;
      const bodySchema = body && "content" in body ? body.content["application/json"]?.schema : undefined;
      const properties = bodySchema && "properties" in bodySchema ? (bodySchema.properties ?? {}) : {};
      for (const [name, property] of Object.entries(properties)) {
        expect(property, `${name} has examples`).toHaveProperty("examples");
      }
      for (const parameter of operation?.parameters ?? []) {
        if ("in" in parameter && parameter.in === "path") expect(parameter.schema).toHaveProperty("examples");
      }
    },
  );

  it.each(restRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))(
    "%s documents 429 with Retry-After and 401 with WWW-Authenticate",
    (_, route) => {
      const responses = operationOf(route.method, route.path)?.responses ?? {};
      expect(responses["429"]?.headers?.["Retry-After"]).toMatchObject({ schema: { type: "integer" } });
      expect(responses["401"]?.headers?.["WWW-Authenticate"]).toMatchObject({ schema: { type: "string" } });
    },
  );

  it("has examples that match their own schemas", () => {
    const withExamples = schemasWithExamples();
    expect(withExamples.map(([name]) => name)).toEqual(expect.arrayContaining(["Viewer", "Problem"]));
    for (const [name, schema] of withExamples) {
      const examples: unknown[] = "examples" in schema && Array.isArray(schema.examples) ? schema.examples : [];
      for (const example of examples) expect(check(`/components/schemas/${name}`, example), name).toEqual([]);
    }
  });

  it("has examples of the posts' schemas", () => {
    expect(schemasWithExamples().map(([name]) => name)).toEqual(
      expect.arrayContaining(["Post", "Comment", "LikeState"]),
    );
  });
});

/**
 * The contract: every documented operation, called as a client following the
 * document would (examples for bodies, real ids for paths), answers with its
 * documented success; called with input the document refuses, with a 4xx it
 * lists; called anonymously, with a status it lists. Each answer's status,
 * content type, headers and body are checked against the document with ajv
 * (JSON Schema 2020-12, the dialect of OpenAPI 3.1), as a generated client
 * and a contract check elsewhere would.
 */
describe("every route honours the document", () => {
  let api: RestApi;
  beforeAll(async () => {
    // Each route is called three times, each time after writing fresh things to call it on: a minute's
    // mutations would outgrow the per-user limit as routes are added. Limits have tests of their own.
    api = await setupRestTest({ limits: { mutationsPerUser: { points: 10_000, durationSeconds: 60 } } });
  });

  /** A fresh id of each resource (idMakers). */
  async function freshIds(): Promise<Record<string, string>> {
    const ids: Record<string, string> = {};
    for (const [resource, make] of Object.entries(idMakers)) ids[resource] = await make(api);
    return ids;
  }

  /** "/posts/{id}/likes" → "/posts/0193…/likes": each parameter is the id of the resource its segment names. */
  function fillIds(path: string, ids: Record<string, string>) {
    const segments = path.split("/");
    const idOf = (resource: string) => {
      const id = ids[resource];
      if (id === undefined)
        throw new Error(`${path}: no "${resource}" id; add one to idMakers in ${import.meta.filename}`);
      return id;
    };
    return segments.map((segment, i) => (segment.startsWith("{") ? idOf(segments[i - 1] ?? "") : segment)).join("/");
  }

  /** A body built from the schema's examples, as a reader of the docs would. */
  function exampleBody(method: RestRoute["method"], path: string): Record<string, unknown> | undefined {
    const body = operationOf(method, path)?.requestBody;
    const schema = body && "content" in body ? body.content["application/json"]?.schema : undefined;
    if (!schema || !("properties" in schema)) return undefined;
    return Object.fromEntries(
      Object.entries(schema.properties ?? {}).map(([name, property]) => [
        name,
        "examples" in property && Array.isArray(property.examples) ? property.examples[0] : undefined,
      ]),
    );
  }

  /**
   * What in an answer the document does not promise: a status it does not list, a content type that
   * status does not offer, a body its schema refuses (or a body where it documents none), a documented
   * header missing (a 201's Location, a 401's WWW-Authenticate, a 429's Retry-After). Empty when it honours it.
   */
  async function undocumented(route: RestRoute, response: Response): Promise<string[]> {
    const status = String(response.status);
    const documented = operationOf(route.method, route.path)?.responses?.[status];
    if (!documented || "$ref" in documented) return [`status ${status} is not documented`];
    const text = await response.text();
    const missing = Object.keys(documented.headers ?? {})
      .filter((name) => response.headers.get(name) === null)
      .map((name) => `${status} without its documented ${name}`);
    if (!documented.content) return [...missing, ...(text === "" ? [] : [`${status} has a body: ${text}`])];
    const type = response.headers.get("content-type")?.split(";")[0] ?? "";
    if (!(type in documented.content)) return [...missing, `${status} as ${type}, not documented`];
    const pointer = `/paths/${pointerSegment(route.path)}/${methodKey(route.method)}/responses/${status}`;
    return [...missing, ...check(`${pointer}/content/${pointerSegment(type)}/schema`, JSON.parse(text))];
  }

  /** The request headers a call needs: the document says every write takes JSON, even one whose input is all in the path. */
  const jsonIfTaken = (route: RestRoute) =>
    operationOf(route.method, route.path)?.requestBody ? { "content-type": "application/json" } : undefined;

  /**
   * A request the document itself says is invalid, built from it: a path parameter that is not an id;
   * else a body with every field of the wrong type; else a query parameter of the wrong type; else (an
   * operation that takes no input) a token the server does not know.
   */
  function invalidRequest(route: RestRoute, ids: Record<string, string>) {
    const operation = operationOf(route.method, route.path);
    const parameters = (operation?.parameters ?? []).filter((parameter) => "in" in parameter);
    const path = fillIds(route.path, ids);
    const pathParameter = parameters.find((parameter) => parameter.in === "path");
    if (pathParameter) {
      return {
        path: fillIds(route.path.replace(`{${pathParameter.name}}`, "not-an-id"), ids),
        body: exampleBody(route.method, route.path),
        token: api.tokens.alice,
        expected: 400,
      };
    }
    const body = exampleBody(route.method, route.path);
    if (body) {
      return {
        path,
        body: Object.fromEntries(Object.keys(body).map((name) => [name, 42])),
        token: api.tokens.alice,
        expected: 400,
      };
    }
    const numeric = parameters.find(
      (parameter) =>
        parameter.in === "query" &&
        parameter.schema &&
        "type" in parameter.schema &&
        parameter.schema.type === "integer",
    );
    if (numeric)
      return { path: `${path}?${numeric.name}=not-a-number`, body: undefined, token: api.tokens.alice, expected: 400 };
    return { path, body: undefined, token: "trl_unknown_token_value", expected: 401 };
  }

  it.each(restRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))("%s", async (_, route) => {
    const ids = await freshIds();
    const body = exampleBody(route.method, route.path);
    const headers = jsonIfTaken(route);

    const valid = await api.request(route.method, fillIds(route.path, ids), { token: api.tokens.alice, body, headers });
    expect(valid.status, await valid.clone().text()).toBe(route.successStatus);
    expect(await undocumented(route, valid), "a valid request").toEqual([]);

    const invalid = invalidRequest(route, await freshIds());
    const refused = await api.request(route.method, invalid.path, {
      token: invalid.token,
      body: invalid.body,
      headers,
    });
    expect(refused.status, `${invalid.path}: ${await refused.clone().text()}`).toBe(invalid.expected);
    expect(await undocumented(route, refused), "an invalid request").toEqual([]);

    const anonymous = await api.request(route.method, fillIds(route.path, await freshIds()), { body, headers });
    expect(await undocumented(route, anonymous), "an anonymous request").toEqual([]);
  });

  // zod drops a key it does not know: a PATCH naming only such keys names no field, and the schema says so too.
  it.each(restRoutes.filter((r) => r.method === "PATCH").map((r) => [`${r.method} ${r.path}`, r] as const))(
    "%s refuses a body of unknown fields, in the document and on the server",
    async (_, route) => {
      const unknownOnly = { unknown: "x" };
      const pointer = `/paths/${pointerSegment(route.path)}/patch/requestBody/content/application~1json/schema`;
      expect(check(pointer, unknownOnly)).not.toEqual([]);
      const path = fillIds(route.path, await freshIds());
      const response = await api.request(route.method, path, {
        token: api.tokens.alice,
        body: unknownOnly,
        headers: jsonIfTaken(route),
      });
      expect(response.status, await response.clone().text()).toBe(400);
      expect(await undocumented(route, response)).toEqual([]);
    },
  );

  // A Fetch Request cannot carry a body on GET: the reads are left out here (the handler refuses theirs alike).
  it.each(restRoutes.filter((r) => r.method !== "GET").map((r) => [`${r.method} ${r.path}`, r] as const))(
    "%s refuses a body the document does not offer, with a status it documents",
    async (_, route) => {
      const body = operationOf(route.method, route.path)?.requestBody;
      const schema = body && "content" in body ? body.content["application/json"]?.schema : undefined;
      const offersFields = Boolean(schema && "properties" in schema && schema.properties);
      if (offersFields) return; // a body with fields: the schema decides, as the contract above shows
      const path = fillIds(route.path, await freshIds());
      const response = await api.request(route.method, path, { token: api.tokens.alice, body: { unexpected: 1 } });
      expect(response.status).toBe(400);
      expect(Object.keys(operationOf(route.method, route.path)?.responses ?? {})).toContain("400");
    },
  );
});

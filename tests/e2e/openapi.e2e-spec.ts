import { METHODS } from 'node:http';
import { type INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import { getMetadataStorage } from 'class-validator';
import { Public } from '@wirewatch/platform';
import { startTestInfra, type TestInfra } from '@wirewatch/testing';
import { startStack, stopStack, type RunningService } from '../support/stack';

/**
 * Every route the fetcher and the alerter really register is in their OpenAPI document (served without a key at
 * /docs/json), with a summary, tags, a 2xx answer with a schema, described parameters, a described request
 * body when the route takes one, and its security: the API key unless the route is @Public().
 */

interface Route {
  method: string; // lower case, as OpenAPI names it
  path: string; // OpenAPI form: /subscriptions/{id}
  where: string; // Controller.method, for messages
  takesBody: boolean;
  /** the validated properties of its whole-object @Body() and @Query() DTOs */
  bodyFields: string[];
  queryFields: string[];
  isPublic: boolean;
}

/** The properties a DTO class validates (the global ValidationPipe refuses any other): what must be documented. */
function dtoFields(type: unknown): string[] {
  if (typeof type !== 'function' || type === Object) return [];
  return [...new Set(getMetadataStorage().getTargetValidationMetadatas(type, '', true, false).map((m) => m.propertyName))];
}

type Doc = {
  security?: Record<string, string[]>[];
  info: { description?: string };
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema>; securitySchemes?: Record<string, unknown> };
};
type Operation = {
  summary?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; description?: string }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
};
type Schema = {
  $ref?: string;
  type?: string;
  description?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
};

const toOpenApiPath = (...parts: string[]) =>
  ('/' + parts.filter(Boolean).join('/')).replace(/\/+/g, '/').replace(/(.)\/$/, '$1').replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** The routes of the app's controllers, read from Nest's own metadata (what its router registers). */
function nestRoutes(app: INestApplication): Route[] {
  const publicKey = Public().KEY;
  const scanner = new MetadataScanner();
  const routes: Route[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype, instance } of module.controllers.values()) {
      if (!metatype || !instance) continue;
      const prototype = Object.getPrototypeOf(instance);
      for (const name of scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name];
        const methodPaths: string | string[] | undefined = Reflect.getMetadata(PATH_METADATA, handler);
        if (methodPaths === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod].toLowerCase();
        const args: Record<string, { index: number; data?: unknown }> = Reflect.getMetadata(ROUTE_ARGS_METADATA, metatype, name) ?? {};
        const paramTypes: unknown[] = Reflect.getMetadata('design:paramtypes', prototype, name) ?? [];
        const argsOf = (kind: RouteParamtypes) => Object.entries(args).filter(([k]) => Number(k.split(':')[0]) === kind).map(([, a]) => a);
        const takesBody = argsOf(RouteParamtypes.BODY).length > 0;
        const fieldsOf = (kind: RouteParamtypes) => argsOf(kind).flatMap((a) => (a.data === undefined ? dtoFields(paramTypes[a.index]) : []));
        const [bodyFields, queryFields] = [fieldsOf(RouteParamtypes.BODY), fieldsOf(RouteParamtypes.QUERY)];
        const isPublic = Boolean(Reflect.getMetadata(publicKey, handler) ?? Reflect.getMetadata(publicKey, metatype));
        for (const c of [Reflect.getMetadata(PATH_METADATA, metatype) ?? ''].flat()) {
          for (const m of [methodPaths].flat()) routes.push({ method, path: toOpenApiPath(c, m), where: `${metatype.name}.${name}`, takesBody, bodyFields, queryFields, isPublic });
        }
      }
    }
  }
  return routes;
}

/**
 * The routes Express really serves (Express 5: `app.router.stack`), to check that Nest's metadata above misses
 * none. Swagger's own routes (/docs…) are left out. bull-board (/admin/queues on the alerter) is Express
 * middleware mounted by its Nest module, not a route layer, so it does not appear here either: it is described
 * in the alerter's API description instead of as operations.
 */
function expressRoutes(app: INestApplication): string[] {
  const express = app.getHttpAdapter().getInstance();
  const stack: { route?: { path: string | string[]; methods: Record<string, boolean> } }[] | undefined = express.router?.stack;
  if (!stack) throw new Error('express.router.stack not found: has the Express major version changed?');
  // app.all() sets every method: that is how Nest binds middleware (nestjs-pino's `forRoutes('*')`), not a handler
  const everyMethod = (methods: Record<string, boolean>) => METHODS.every((m) => methods[m.toLowerCase()]);
  return stack
    .flatMap((layer) =>
      layer.route && !everyMethod(layer.route.methods)
        ? [layer.route.path]
            .flat()
            .flatMap((p) => Object.keys(layer.route!.methods).filter((m) => layer.route!.methods[m]).map((m) => `${m} ${toOpenApiPath(p)}`))
        : [],
    )
    .filter((r) => !/^\w+ \/docs(\/|-|$)/.test(r));
}

function resolve(doc: Doc, schema: Schema): Schema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  const found = doc.components?.schemas?.[name];
  if (!found) throw new Error(`dangling $ref ${schema.$ref}`);
  return found;
}

/** Paths (`CreateSubscriptionDto.filter`) of the properties without a description, through $refs, arrays, allOf. */
function undescribed(doc: Doc, schema: Schema, at: string, seen = new Set<string>()): string[] {
  if (schema.$ref) {
    if (seen.has(schema.$ref)) return [];
    seen.add(schema.$ref);
    return undescribed(doc, resolve(doc, schema), schema.$ref.split('/').pop()!, seen);
  }
  const missing: string[] = [];
  for (const sub of [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]) missing.push(...undescribed(doc, sub, at, seen));
  if (schema.items) missing.push(...undescribed(doc, schema.items, `${at}[]`, seen));
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    if (!prop.description?.trim()) missing.push(`${at}.${name}`);
    missing.push(...undescribed(doc, prop, `${at}.${name}`, seen));
  }
  return missing;
}

/** Everything wrong with the document of one app, as readable lines (empty when it is complete). */
function problems(app: INestApplication, doc: Doc): string[] {
  const found: string[] = [];
  const routes = nestRoutes(app);
  const served = expressRoutes(app);
  const known = new Set(routes.map((r) => `${r.method} ${r.path}`));
  for (const r of served) if (!known.has(r)) found.push(`${r}: served by Express but not a controller route (undocumented)`);

  for (const route of routes) {
    const id = `${route.method.toUpperCase()} ${route.path} (${route.where})`;
    const op = doc.paths[route.path]?.[route.method];
    if (!op) {
      found.push(`${id}: not in the document`);
      continue;
    }
    if (!op.summary?.trim()) found.push(`${id}: no summary (@ApiOperation)`);
    if (!op.tags?.length) found.push(`${id}: no tags (@ApiTags)`);
    const ok = Object.keys(op.responses ?? {}).filter((s) => /^2\d\d$/.test(s));
    if (!ok.length) found.push(`${id}: no 2xx response`);
    for (const [status, res] of Object.entries(op.responses ?? {})) {
      if (!res.description?.trim()) found.push(`${id}: response ${status} has no description`);
      if (/^2\d\d$/.test(status) && status !== '204' && !Object.values(res.content ?? {}).some((c) => c.schema)) found.push(`${id}: response ${status} has no schema`);
    }
    for (const f of route.queryFields) {
      if (!op.parameters?.some((p) => p.in === 'query' && p.name === f)) found.push(`${id}: query field ${f} is not a documented parameter (@ApiPropertyOptional)`);
    }
    for (const p of op.parameters ?? []) if (!p.description?.trim()) found.push(`${id}: ${p.in} parameter ${p.name} has no description`);
    for (const name of route.path.match(/\{(\w+)\}/g) ?? []) {
      if (!op.parameters?.some((p) => p.in === 'path' && `{${p.name}}` === name)) found.push(`${id}: path parameter ${name} not declared`);
    }
    if (route.takesBody) {
      const schema = op.requestBody?.content?.['application/json']?.schema;
      if (!schema) found.push(`${id}: takes a body but documents no application/json requestBody schema`);
      else {
        const documented = Object.keys(resolve(doc, schema).properties ?? {});
        if (!documented.length) found.push(`${id}: requestBody schema has no properties`);
        for (const f of route.bodyFields) if (!documented.includes(f)) found.push(`${id}: body field ${f} is not in the requestBody schema (@ApiProperty)`);
        for (const p of undescribed(doc, schema, 'body')) found.push(`${id}: requestBody property ${p} has no description`);
      }
    }
    const security = op.security ?? doc.security ?? [];
    if (route.isPublic) {
      // public: no requirement, unless the route checks a key of its own (/stream: Bearer or ?key=)
      if (security.length && !op.responses['401']) found.push(`${id}: @Public() but documented as needing a key without a 401`);
    } else {
      if (!security.some((s) => 'bearer' in s)) found.push(`${id}: needs the API key but documents no bearer security`);
      if (!op.responses['401']) found.push(`${id}: needs the API key but documents no 401`);
    }
  }
  // every DTO, request or response, has its properties described
  for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) {
    if (!Object.keys(schema.properties ?? {}).length) found.push(`schema ${name} has no documented properties`);
    for (const [prop, s] of Object.entries(schema.properties ?? {})) if (!s.description?.trim()) found.push(`schema ${name}.${prop} has no description`);
  }
  // nothing documented that is not served
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const method of Object.keys(ops)) if (!known.has(`${method} ${path}`)) found.push(`${method.toUpperCase()} ${path}: documented but not a route`);
  }
  return found;
}

describe('OpenAPI at /docs', () => {
  let infra: TestInfra;
  let stack: Record<'fetcher' | 'alerter', RunningService>;
  const docs: Partial<Record<'fetcher' | 'alerter', Doc>> = {};

  beforeAll(async () => {
    infra = await startTestInfra('openapi');
    stack = (await startStack(infra, ['fetcher', 'alerter'], { LOG_LEVEL: 'error' })) as typeof stack;
    for (const name of ['fetcher', 'alerter'] as const) {
      const res = await stack[name].call('/docs/json', { key: null });
      expect(res.status).toBe(200);
      docs[name] = res.body as Doc;
    }
  });

  afterAll(async () => {
    await stopStack(stack ?? {});
    await infra?.stop();
  });

  it.each(['fetcher', 'alerter'] as const)('%s: every route is documented, with its answers, parameters, body and security', (name) => {
    const doc = docs[name]!;
    expect(doc.components?.securitySchemes?.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(problems(stack[name].app, doc)).toEqual([]);
    // the checks ran over something: the service's own routes, beyond health and metrics
    expect(nestRoutes(stack[name].app).filter((r) => !r.isPublic).length).toBeGreaterThan(3);
  });

  it.each(['fetcher', 'alerter'] as const)('%s: serves Swagger UI at /docs without a key', async (name) => {
    const page = await fetch(`${stack[name].url}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('swagger-ui');
    for (const asset of ['/docs/swagger-ui-init.js', '/docs/swagger-ui-bundle.js']) expect((await fetch(`${stack[name].url}${asset}`)).status).toBe(200);
  });

  it('the alerter describes its queue board, which is not an operation', () => {
    expect(docs.alerter!.info.description).toContain('/admin/queues');
    expect(Object.keys(docs.alerter!.paths).some((p) => p.startsWith('/admin'))).toBe(false);
  });

  it('a route that needs the key says so, a public one does not', () => {
    const doc = docs.alerter!;
    expect(doc.paths['/subscriptions'].get.security ?? doc.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/health/live'].get.security).toEqual([]);
    expect(doc.paths['/subscriptions'].post.responses['400']).toBeDefined();
  });
});

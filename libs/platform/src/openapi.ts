import { type INestApplication, RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiProperty, ApiPropertyOptional, DocumentBuilder, getSchemaPath, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig, ServiceName } from '@wirewatch/config';
import { Public } from './auth';

/** Swagger UI. Public: the document holds no data, only the shape of the API. */
export const DOCS_PATH = '/docs';
/** The OpenAPI 3 document as JSON (no YAML is served). */
export const DOCS_JSON_PATH = '/docs/json';
/** The security scheme of the API key: `Authorization: Bearer <key>`. */
export const BEARER_SCHEME = 'bearer';
/** The API key as `?key=`, accepted by /stream only (a browser's EventSource cannot set headers). */
export const STREAM_KEY_SCHEME = 'streamKey';

/** The body of an error answer (401, 404, 409; also a 400 raised by a path-parameter pipe with one message). */
export class ApiErrorDto {
  @ApiProperty({ description: 'the HTTP status code, repeated', example: 404 })
  statusCode: number;

  @ApiProperty({ description: 'what went wrong, in words', example: 'subscription 12 not found' })
  message: string;

  @ApiPropertyOptional({ description: 'the HTTP reason phrase', example: 'Not Found' })
  error?: string;
}

/** The body of a 400: every problem found in the request, each naming its field or parameter. */
export class ApiValidationErrorDto {
  @ApiProperty({ description: 'always 400', example: 400, enum: [400] })
  statusCode: number;

  @ApiProperty({
    description: 'every problem found, each naming the field or parameter at fault',
    type: [String],
    example: ['limit must be a whole number from 1 to 200', 'property colour should not exist'],
  })
  message: string[];

  @ApiProperty({ description: 'the HTTP reason phrase', example: 'Bad Request' })
  error: string;
}

/** 400 with the validation error shape. */
export const ApiValidationError = (description = 'the request is invalid: every problem is listed, naming its field or parameter') =>
  ApiBadRequestResponse({ description, type: ApiValidationErrorDto });

/**
 * 400 of a route whose path id goes through Nest's ParseIntPipe: a non-numeric id answers with one message (a
 * string), any other problem with the list of the validation error shape.
 */
export const ApiValidationOrBadIdError = (description = 'the request is invalid') =>
  ApiBadRequestResponse({
    description: `${description}; a path id that is not a whole number gives a single message ("Validation failed (numeric string is expected)")`,
    schema: { oneOf: [{ $ref: getSchemaPath(ApiValidationErrorDto) }, { $ref: getSchemaPath(ApiErrorDto) }] },
  });

export const ApiNotFound = (description: string) => ApiNotFoundResponse({ description, type: ApiErrorDto });
export const ApiConflict = (description: string) => ApiConflictResponse({ description, type: ApiErrorDto });

/** What each service's document says about itself. */
const SERVICE_API: Record<ServiceName, { title: string; description: string }> = {
  fetcher: {
    title: 'WireWatch fetcher',
    description:
      'Registers news feeds (RSS, Atom, JSON Feed; an HTML page is searched for its feed), polls them on an adaptive ' +
      'schedule and queues their new stories for classification. Feeds can be imported and exported as OPML.',
  },
  classifier: {
    title: 'WireWatch classifier',
    description: 'Classifies queued stories (topics, entities, severity, events). Its HTTP API is only health and metrics.',
  },
  alerter: {
    title: 'WireWatch alerter',
    description:
      'Subscriptions (a filter plus channels: a signed webhook and/or the live stream), their delivery log, redelivery ' +
      'and replay; queries over stories and events; the live alert stream (Server-Sent Events, GET /stream) and the ' +
      'desk page that shows it (GET /desk).\n\n' +
      '**Queue board** (not an operation of this document): the bull-board UI at `/admin/queues` shows every WireWatch ' +
      'queue and lets an operator retry or remove jobs. It is Express middleware outside this API and needs the API key ' +
      'too, as `Authorization: Bearer <key>` or Basic auth with the key as password (so a browser prompts for it).',
  },
};

const AUTH_TEXT =
  '\n\n**Authentication**: every operation needs an API key (one of API_KEYS) as `Authorization: Bearer <key>`, except ' +
  'those marked with no security requirement (health, metrics, the desk page, and this documentation at ' +
  `\`${DOCS_PATH}\`, JSON at \`${DOCS_JSON_PATH}\`). A missing or wrong key is a 401.`;

/** One route Nest registered from a controller, in OpenAPI form (`/feeds/{id}`). */
interface ControllerRoute {
  method: string;
  path: string;
  controller: Type;
  handler: (...args: unknown[]) => unknown;
  isPublic: boolean;
}

const joinPath = (...parts: string[]): string => {
  const path = ('/' + parts.filter((p) => p !== '').join('/')).replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
};

/** Every route of the app's controllers, from Nest's metadata (no global prefix or versioning are used here). */
function controllerRoutes(app: INestApplication): ControllerRoute[] {
  const publicKey = Public().KEY;
  const scanner = new MetadataScanner();
  const routes: ControllerRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | null;
      if (!controller || !wrapper.instance) continue;
      const prototype = Object.getPrototypeOf(wrapper.instance);
      const ctrlPaths: string[] = [Reflect.getMetadata(PATH_METADATA, controller) ?? ''].flat();
      for (const name of scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name];
        const methodPaths: string[] | undefined = Reflect.getMetadata(PATH_METADATA, handler);
        if (methodPaths === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod].toLowerCase();
        const isPublic = Boolean(Reflect.getMetadata(publicKey, handler) ?? Reflect.getMetadata(publicKey, controller));
        for (const c of ctrlPaths) for (const m of [methodPaths].flat()) routes.push({ method, path: joinPath(c, m), controller, handler, isPublic });
      }
    }
  }
  return routes;
}

/**
 * Builds the service's OpenAPI document from its controllers' decorators, and serves Swagger UI at /docs and the
 * JSON at /docs/json. Call it after the app is created and before it listens (Express answers 404 to routes
 * added after Nest's own). The bearer requirement is global; @Public() routes get an empty one (no key), and
 * every operation that needs a key gets its 401.
 */
export function setupOpenApi(app: INestApplication, cfg: Pick<AppConfig, 'service'>): OpenAPIObject {
  const info = SERVICE_API[cfg.service];
  const config = new DocumentBuilder()
    .setTitle(info.title)
    .setDescription(info.description + AUTH_TEXT)
    .setVersion('1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'an API key from API_KEYS: `Authorization: Bearer <key>`' }, BEARER_SCHEME)
    .addApiKey({ type: 'apiKey', in: 'query', name: 'key', description: 'the API key as a query parameter, for EventSource clients (GET /stream only)' }, STREAM_KEY_SCHEME)
    .addSecurityRequirements(BEARER_SCHEME)
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ApiErrorDto, ApiValidationErrorDto],
    // tags come from @ApiTags only, not from controller class names
    autoTagControllers: false,
  });

  let streamKeyUsed = false;
  for (const route of controllerRoutes(app)) {
    const op = document.paths[route.path]?.[route.method as 'get'];
    if (!op) continue; // undocumented (excluded): the openapi e2e test reports it
    if (route.isPublic && op.security === undefined) op.security = [];
    const security = op.security ?? document.security ?? [];
    if (security.some((s) => STREAM_KEY_SCHEME in s)) streamKeyUsed = true;
    if (security.length > 0 && !op.responses['401']) {
      op.responses['401'] = {
        description: 'no API key, or not a valid one',
        content: { 'application/json': { schema: { $ref: getSchemaPath(ApiErrorDto) } } },
      };
    }
  }
  if (!streamKeyUsed) delete document.components?.securitySchemes?.[STREAM_KEY_SCHEME];

  SwaggerModule.setup(DOCS_PATH, app, document, {
    jsonDocumentUrl: DOCS_JSON_PATH,
    raw: ['json'],
    customSiteTitle: `${info.title} API`,
    swaggerOptions: { persistAuthorization: true },
  });
  return document;
}


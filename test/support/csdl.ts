/**
 * A small reader for Microsoft Graph's CSDL metadata (../shared/specs/graph-v1.0.csdl.xml) and a
 * checker that resolves request paths and body properties against it, the way an OData service
 * would: entity sets and singletons from the EntityContainer, key segments, navigation and
 * structural properties (through base types), type casts, bound actions and functions, $ref and
 * $count. Regex-based tag scanning is enough: the file is machine-generated, one element per line,
 * with no CDATA or comments inside the elements we read.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const GRAPH_CSDL_PATH = path.resolve(__dirname, '../../../shared/specs/graph-v1.0.csdl.xml');

interface CsdlProperty {
  name: string;
  /** Qualified, e.g. 'microsoft.graph.passwordProfile' or 'Collection(Edm.String)'. */
  type: string;
  navigation: boolean;
}

interface CsdlStructuredType {
  name: string;
  kind: 'entity' | 'complex';
  baseType?: string;
  properties: Map<string, CsdlProperty>;
}

interface CsdlOperation {
  name: string;
  kind: 'action' | 'function';
  /** The binding parameter's type, e.g. 'microsoft.graph.user' or 'Collection(microsoft.graph.user)'. */
  bindingType: string;
  parameters: Map<string, string>;
  returnType?: string;
}

/** Where a path leads. */
export type PathTarget =
  | { kind: 'collection'; type: string }
  | { kind: 'entity'; type: string }
  | { kind: 'operation'; operation: CsdlOperation }
  | { kind: 'count' }
  | { kind: 'ref'; collection: boolean }
  | { kind: 'batch' }
  | { kind: 'value'; type: string };

export class CsdlError extends Error {}

const COLLECTION = /^Collection\((.+)\)$/;

function attributes(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/([\w:.]+)="([^"]*)"/g)) out[m[1] as string] = m[2] as string;
  return out;
}

export class CsdlModel {
  readonly types = new Map<string, CsdlStructuredType>();
  readonly entitySets = new Map<string, string>();
  readonly singletons = new Map<string, string>();
  /** Bound operations by name (overloads per binding type). */
  readonly operations = new Map<string, CsdlOperation[]>();
  private readonly derived = new Map<string, Set<string>>();

  static load(file: string = GRAPH_CSDL_PATH): CsdlModel {
    return new CsdlModel(readFileSync(file, 'utf8'));
  }

  constructor(xml: string) {
    this.parse(xml);
    for (const type of this.types.values()) {
      for (let base = type.baseType; base; base = this.types.get(base)?.baseType) {
        if (!this.derived.has(base)) this.derived.set(base, new Set());
        this.derived.get(base)?.add(type.name);
      }
    }
  }

  private parse(xml: string): void {
    let namespace = '';
    const aliases = new Map<string, string>();
    const qualify = (name: string): string => {
      const collection = COLLECTION.exec(name);
      if (collection) return `Collection(${qualify(collection[1] as string)})`;
      if (name.startsWith('Edm.')) return name;
      const dot = name.lastIndexOf('.');
      const prefix = name.slice(0, dot);
      return aliases.has(prefix) ? `${aliases.get(prefix)}.${name.slice(dot + 1)}` : name;
    };
    const stack: string[] = [];
    let currentType: CsdlStructuredType | undefined;
    let currentOperation: CsdlOperation | undefined;
    let operationParams: Array<[string, string]> = [];
    const raw: Array<{ op: CsdlOperation; params: Array<[string, string]> }> = [];

    for (const m of xml.matchAll(/<(\/?)([\w:]+)([^>]*?)(\/?)>/g)) {
      const [, closing, tag, attrText, selfClosing] = m as unknown as [string, string, string, string, string];
      if (closing) {
        stack.pop();
        if (tag === 'EntityType' || tag === 'ComplexType') currentType = undefined;
        if ((tag === 'Action' || tag === 'Function') && currentOperation) {
          raw.push({ op: currentOperation, params: operationParams });
          currentOperation = undefined;
        }
        continue;
      }
      const attrs = attributes(attrText);
      const parent = stack[stack.length - 1];
      switch (tag) {
        case 'Schema':
          namespace = attrs.Namespace ?? '';
          if (attrs.Alias) aliases.set(attrs.Alias, namespace);
          aliases.set(namespace, namespace);
          break;
        case 'EntityType':
        case 'ComplexType': {
          const type: CsdlStructuredType = {
            name: `${namespace}.${attrs.Name}`,
            kind: tag === 'EntityType' ? 'entity' : 'complex',
            baseType: attrs.BaseType ? qualify(attrs.BaseType) : undefined,
            properties: new Map(),
          };
          this.types.set(type.name, type);
          currentType = selfClosing ? undefined : type;
          break;
        }
        case 'Property':
        case 'NavigationProperty':
          if (currentType && (parent === 'EntityType' || parent === 'ComplexType')) {
            currentType.properties.set(attrs.Name as string, { name: attrs.Name as string, type: qualify(attrs.Type as string), navigation: tag === 'NavigationProperty' });
          }
          break;
        case 'Action':
        case 'Function':
          if (attrs.IsBound === 'true' && !selfClosing) {
            currentOperation = { name: attrs.Name as string, kind: tag === 'Action' ? 'action' : 'function', bindingType: '', parameters: new Map() };
            operationParams = [];
          }
          break;
        case 'Parameter':
          if (currentOperation && (parent === 'Action' || parent === 'Function')) operationParams.push([attrs.Name as string, qualify(attrs.Type as string)]);
          break;
        case 'ReturnType':
          if (currentOperation) currentOperation.returnType = qualify(attrs.Type as string);
          break;
        case 'EntitySet':
          if (parent === 'EntityContainer') this.entitySets.set(attrs.Name as string, qualify(attrs.EntityType as string));
          break;
        case 'Singleton':
          if (parent === 'EntityContainer') this.singletons.set(attrs.Name as string, qualify(attrs.Type as string));
          break;
        default:
          break;
      }
      if (!selfClosing) stack.push(tag);
    }
    for (const { op, params } of raw) {
      const [binding, ...rest] = params;
      if (!binding) continue;
      op.bindingType = binding[1];
      for (const [name, type] of rest) op.parameters.set(name, type);
      if (!this.operations.has(op.name)) this.operations.set(op.name, []);
      this.operations.get(op.name)?.push(op);
    }
  }

  /** The type and its base types, most derived first. */
  private lineage(typeName: string): string[] {
    const chain: string[] = [];
    for (let t: string | undefined = typeName; t; t = this.types.get(t)?.baseType) chain.push(t);
    return chain;
  }

  isSameOrDerived(candidate: string, base: string): boolean {
    return this.lineage(candidate).includes(base);
  }

  findProperty(typeName: string, name: string): CsdlProperty | undefined {
    for (const t of this.lineage(typeName)) {
      const property = this.types.get(t)?.properties.get(name);
      if (property) return property;
    }
    return undefined;
  }

  /** On the type, its bases, or any type derived from it (what $select accepts on a polymorphic collection). */
  propertyExistsOnTypeOrDerived(typeName: string, name: string): boolean {
    if (this.findProperty(typeName, name)) return true;
    return [...(this.derived.get(typeName) ?? [])].some((d) => this.types.get(d)?.properties.has(name));
  }

  private findBoundOperation(name: string, typeName: string, collection: boolean): CsdlOperation | undefined {
    const lineage = this.lineage(typeName);
    return (this.operations.get(name) ?? []).find((op) => {
      const c = COLLECTION.exec(op.bindingType);
      return !!c === collection && lineage.includes(c ? (c[1] as string) : op.bindingType);
    });
  }

  /**
   * Resolves a path relative to /v1.0 ('/users/{user-id}/revokeSignInSessions', or a concrete
   * one). Throws CsdlError naming the first segment that does not resolve.
   */
  resolvePath(pathText: string): PathTarget {
    const segments = pathText.split('?')[0]?.split('/').filter(Boolean).map((s) => decodeURIComponent(s)) ?? [];
    if (segments.length === 0) throw new CsdlError('empty path');
    let target: PathTarget | undefined;
    segments.forEach((segment, index) => {
      const fail = (why: string): never => {
        throw new CsdlError(`segment ${index + 1} '${segment}' of ${pathText}: ${why}`);
      };
      if (!target) {
        if (segment === '$batch') target = { kind: 'batch' };
        else if (this.entitySets.has(segment)) target = { kind: 'collection', type: this.entitySets.get(segment) as string };
        else if (this.singletons.has(segment)) target = { kind: 'entity', type: this.singletons.get(segment) as string };
        else fail('no entity set or singleton of that name in the EntityContainer');
        return;
      }
      const current: PathTarget = target;
      if (current.kind === 'collection') {
        if (segment === '$count') target = { kind: 'count' };
        else if (segment === '$ref') target = { kind: 'ref', collection: true };
        else if (segment.includes('.') && this.types.has(segment)) {
          if (!this.isSameOrDerived(segment, current.type)) fail(`${segment} does not derive from ${current.type}`);
          target = { kind: 'collection', type: segment };
        } else if (this.findBoundOperation(segment, current.type, true)) target = { kind: 'operation', operation: this.findBoundOperation(segment, current.type, true) as CsdlOperation };
        else if (segment.startsWith('$')) fail('unknown system segment');
        else target = { kind: 'entity', type: current.type }; // a key
        return;
      }
      if (current.kind === 'entity') {
        if (segment === '$ref') {
          target = { kind: 'ref', collection: false };
          return;
        }
        if (segment.includes('.') && this.types.has(segment)) {
          if (!this.isSameOrDerived(segment, current.type)) fail(`${segment} does not derive from ${current.type}`);
          target = { kind: 'entity', type: segment };
          return;
        }
        const property = this.findProperty(current.type, segment);
        if (property) {
          const c = COLLECTION.exec(property.type);
          const type = c ? (c[1] as string) : property.type;
          if (!this.types.has(type) || this.types.get(type)?.kind === 'complex') target = { kind: 'value', type: property.type };
          else target = c ? { kind: 'collection', type } : { kind: 'entity', type };
          return;
        }
        const operation = this.findBoundOperation(segment, current.type, false);
        if (operation) {
          target = { kind: 'operation', operation };
          return;
        }
        fail(`no property, navigation property or bound operation '${segment}' on ${current.type}`);
      }
      fail(`nothing can follow a ${current.kind} segment`);
    });
    return target as PathTarget;
  }

  /**
   * Checks one body property path ('passwordProfile/password',
   * 'signInIdentity/microsoft.graph.userSignIn/userId') starting at a structured type, or at an
   * operation's parameters. Returns a problem description, or undefined when it resolves.
   */
  checkPropertyPath(start: { type: string } | { operation: CsdlOperation }, propertyPath: string): string | undefined {
    const segments = propertyPath.split('/');
    let type: string | undefined;
    let i = 0;
    if ('operation' in start) {
      const first = segments[0] as string;
      const parameter = start.operation.parameters.get(first);
      if (!parameter) return `'${first}' is not a parameter of ${start.operation.name}`;
      type = parameter;
      i = 1;
    } else {
      type = start.type;
    }
    for (; i < segments.length; i += 1) {
      const segment = segments[i] as string;
      const element = COLLECTION.exec(type ?? '')?.[1] ?? (type as string);
      if (segment.includes('.')) {
        if (!this.types.has(segment)) return `unknown type '${segment}' in ${propertyPath}`;
        if (!this.isSameOrDerived(segment, element)) return `${segment} does not derive from ${element} in ${propertyPath}`;
        type = segment;
        continue;
      }
      if (!this.types.has(element)) return `'${segment}' follows the non-structured type ${element} in ${propertyPath}`;
      const property = this.findProperty(element, segment);
      if (!property) return `'${segment}' is not a property of ${element} (or its base types) in ${propertyPath}`;
      type = property.type;
    }
    return undefined;
  }
}

/** Turns a JSON body into property paths, using `@odata.type` as a type cast where present. */
export function jsonPropertyPaths(value: unknown, prefix: string[] = []): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => jsonPropertyPaths(item, prefix));
  if (value === null || typeof value !== 'object') return prefix.length > 0 ? [prefix.join('/')] : [];
  const record = value as Record<string, unknown>;
  const cast = typeof record['@odata.type'] === 'string' ? [(record['@odata.type'] as string).replace(/^#/, '')] : [];
  const entries = Object.entries(record).filter(([k]) => !k.startsWith('@odata.'));
  if (entries.length === 0) return prefix.length > 0 || cast.length > 0 ? [[...prefix, ...cast].join('/')].filter(Boolean) : [];
  return entries.flatMap(([k, v]) => jsonPropertyPaths(v, [...prefix, ...cast, k]));
}

export interface RequestToCheck {
  method: string;
  /** Relative to /v1.0, template or concrete, optionally with a query string. */
  path: string;
  /** Declared property paths (route tables) or a JSON body (captured requests). */
  bodyPaths?: string[];
  /** The declared entity type of the body, when the route table names one. */
  bodyType?: string;
  reference?: boolean;
}

/** Every problem with one request against the metadata (empty when it conforms). */
export function checkRequest(model: CsdlModel, request: RequestToCheck): string[] {
  const problems: string[] = [];
  let target: PathTarget;
  try {
    target = model.resolvePath(request.path);
  } catch (error) {
    return [(error as Error).message];
  }
  const where = `${request.method} ${request.path}`;
  const select = /[?&]\$select=([^&]*)/.exec(request.path)?.[1];
  if (select && (target.kind === 'collection' || target.kind === 'entity')) {
    for (const name of decodeURIComponent(select).split(',')) {
      if (!model.propertyExistsOnTypeOrDerived(target.type, name)) problems.push(`${where}: $select '${name}' is not a property of ${target.type} or a derived type`);
    }
  }
  if (target.kind === 'operation' && request.method === 'GET' && target.operation.kind === 'action') problems.push(`${where}: ${target.operation.name} is an action (POST), not a function`);
  if (request.reference && target.kind !== 'ref') problems.push(`${where}: a reference body needs a $ref path`);
  if (request.bodyType && target.kind === 'collection' && !model.isSameOrDerived(request.bodyType, target.type)) {
    problems.push(`${where}: body type ${request.bodyType} is not ${target.type} or derived from it`);
  }
  for (const propertyPath of request.bodyPaths ?? []) {
    let problem: string | undefined;
    if (target.kind === 'operation') problem = model.checkPropertyPath({ operation: target.operation }, propertyPath);
    else if (target.kind === 'collection' || target.kind === 'entity') problem = model.checkPropertyPath({ type: request.bodyType ?? target.type }, propertyPath);
    // A complex property addressed as a path (PATCH /users/{id}/mailboxSettings) takes that type's properties.
    else if (target.kind === 'value' && model.types.get(target.type)?.kind === 'complex') problem = model.checkPropertyPath({ type: target.type }, propertyPath);
    else problem = `a ${target.kind} target takes no body properties`;
    if (problem) problems.push(`${where}: ${problem}`);
  }
  return problems;
}

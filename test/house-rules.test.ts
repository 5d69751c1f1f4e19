/**
 * The rules of the house that a reader can check mechanically (DESIGN.md §3): short functions, the direction
 * of imports between the source folders, and operation names spelled out in one place. The source is read
 * with the TypeScript parser, so a comment or a string that looks like an import does not count.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

/** `cli/` and `sandbox/` are still being moved out of `local/`; a folder that is not there yet is skipped. */
const SOURCE_FOLDERS = ['bin', 'cli', 'lib', 'lambdas', 'local', 'sandbox'];
const GENERATED = 'lambdas/bigcommerce/generated/';

const MAX_FUNCTION_LINES = 80;

interface SourceFile {
  /** Relative to the repository root, with forward slashes. */
  path: string;
  ast: ts.SourceFile;
}

interface ImportEdge {
  from: string;
  line: number;
  specifier: string;
  /** The imported file, relative to the root. */
  target: string;
  typeOnly: boolean;
}

function listTs(folder: string): string[] {
  return readdirSync(path.join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => toRelative(path.join(entry.parentPath, entry.name)))
    .filter((file) => !file.startsWith(GENERATED) && !file.endsWith('.test.ts'))
    .sort();
}

const toRelative = (absolute: string): string => path.relative(ROOT, absolute).split(path.sep).join('/');

function readSources(): SourceFile[] {
  const folders = SOURCE_FOLDERS.filter((folder) => existsSync(path.join(ROOT, folder)));
  return folders.flatMap(listTs).map((file) => ({
    path: file,
    ast: ts.createSourceFile(file, readFileSync(path.join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true),
  }));
}

const SOURCES = readSources();

const lineOf = (file: ts.SourceFile, position: number): number =>
  file.getLineAndCharacterOfPosition(position).line + 1;

const inFolder = (file: string, folders: string[]): boolean =>
  folders.some((folder) => file === folder || file.startsWith(`${folder}/`));

// --- functions ---------------------------------------------------------------------------------------------

type FunctionNode = ts.FunctionLikeDeclaration;

const isFunction = (node: ts.Node): node is FunctionNode =>
  ts.isFunctionDeclaration(node) ||
  ts.isFunctionExpression(node) ||
  ts.isArrowFunction(node) ||
  ts.isMethodDeclaration(node) ||
  ts.isConstructorDeclaration(node) ||
  ts.isGetAccessorDeclaration(node) ||
  ts.isSetAccessorDeclaration(node);

const nameText = (name: ts.Node | undefined, file: ts.SourceFile): string | undefined =>
  name === undefined ? undefined : name.getText(file);

function ownerClass(node: ts.Node, file: ts.SourceFile): string {
  const parent = node.parent;
  return ts.isClassLike(parent) && parent.name ? `${parent.name.getText(file)}.` : '';
}

/** The name a reader would look for: the declared name, else the variable or property it is assigned to. */
function functionName(node: FunctionNode, file: ts.SourceFile): string {
  if (ts.isConstructorDeclaration(node)) return `${ownerClass(node, file)}constructor`;
  const own = nameText(node.name, file);
  if (own !== undefined) return `${ownerClass(node, file)}${own}`;
  const parent = node.parent;
  if (
    ts.isVariableDeclaration(parent) ||
    ts.isPropertyAssignment(parent) ||
    ts.isPropertyDeclaration(parent)
  ) {
    return nameText(parent.name, file) ?? '(anonymous)';
  }
  if (ts.isCallExpression(parent)) return `(callback of ${parent.expression.getText(file)})`;
  return '(anonymous)';
}

function longFunctions(file: SourceFile): string[] {
  const offenders: string[] = [];
  const visit = (node: ts.Node): void => {
    if (isFunction(node) && node.body !== undefined) {
      const first = lineOf(file.ast, node.getStart(file.ast));
      const lines = lineOf(file.ast, node.getEnd()) - first + 1;
      if (lines > MAX_FUNCTION_LINES) {
        offenders.push(`${file.path}:${first} ${functionName(node, file.ast)} (${lines} lines)`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file.ast);
  return offenders;
}

// --- imports -----------------------------------------------------------------------------------------------

const resolveTarget = (from: string, specifier: string): string =>
  path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));

/** `import type {…}`, or `import {type A, type B}` where every name is a type: erased at run time. */
function isTypeOnlyImport(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause;
  if (clause === undefined) return false;
  if (clause.isTypeOnly) return true;
  const bindings = clause.namedBindings;
  return (
    clause.name === undefined &&
    bindings !== undefined &&
    ts.isNamedImports(bindings) &&
    bindings.elements.length > 0 &&
    bindings.elements.every((element) => element.isTypeOnly)
  );
}

function isTypeOnlyExport(node: ts.ExportDeclaration): boolean {
  if (node.isTypeOnly) return true;
  const clause = node.exportClause;
  return (
    clause !== undefined &&
    ts.isNamedExports(clause) &&
    clause.elements.length > 0 &&
    clause.elements.every((element) => element.isTypeOnly)
  );
}

/** Static imports, re-exports, dynamic `import()` and `import('…')` types of files of this repository. */
function importsOf(file: SourceFile): ImportEdge[] {
  const edges: ImportEdge[] = [];
  const add = (literal: ts.Expression | undefined, typeOnly: boolean): void => {
    if (literal === undefined || !ts.isStringLiteralLike(literal)) return;
    const specifier = literal.text;
    if (!specifier.startsWith('.')) return;
    const line = lineOf(file.ast, literal.getStart(file.ast));
    edges.push({ from: file.path, line, specifier, target: resolveTarget(file.path, specifier), typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) add(node.moduleSpecifier, isTypeOnlyImport(node));
    else if (ts.isExportDeclaration(node)) add(node.moduleSpecifier, isTypeOnlyExport(node));
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0], false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(file.ast);
  return edges;
}

const IMPORTS = SOURCES.flatMap(importsOf);

const describeEdge = (edge: ImportEdge): string =>
  `${edge.from}:${edge.line} imports ${edge.specifier}${edge.typeOnly ? ' (type only)' : ''}`;

const offendingImports = (importers: string[], breaks: (edge: ImportEdge) => boolean): string[] =>
  IMPORTS.filter((edge) => inFolder(edge.from, importers) && breaks(edge)).map(describeEdge);

// --- operation names ---------------------------------------------------------------------------------------

/**
 * The names of the operations: from the one list in `lambdas/operations/` (definitions with a `name`) once
 * it exports `OPERATIONS`, until then the `BCSHIP_OPERATION` values listed in `lib/operations.ts`.
 */
async function operationNames(): Promise<string[]> {
  const operations = (await import(moduleUrl('lambdas/operations/index.ts'))) as Record<string, unknown>;
  if (Array.isArray(operations.OPERATIONS)) {
    return (operations.OPERATIONS as { name: string }[]).map((definition) => definition.name);
  }
  const legacy = (await import(moduleUrl('lib/operations.ts'))) as {
    OPERATIONS: readonly string[];
    TRIGGER_OPERATIONS: readonly string[];
  };
  return [...legacy.OPERATIONS, ...legacy.TRIGGER_OPERATIONS];
}

/** A missing module is an error, not a rule that passes for want of names. */
function moduleUrl(file: string): string {
  const absolute = path.join(ROOT, file);
  if (!existsSync(absolute)) throw new Error(`${file} is missing`);
  return pathToFileURL(absolute).href;
}

function stringLiterals(file: SourceFile): Set<string> {
  const texts = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) texts.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(file.ast);
  return texts;
}

function filesNaming(names: string[]): Map<string, string[]> {
  const literals = SOURCES.map((file) => ({ path: file.path, texts: stringLiterals(file) }));
  return new Map(
    names.map((name) => [name, literals.filter((file) => file.texts.has(name)).map((file) => file.path)]),
  );
}

// --- the rules ---------------------------------------------------------------------------------------------

describe('house rules', () => {
  test('the source folders are read', () => {
    expect(SOURCES.length).toBeGreaterThan(0);
    expect(SOURCES.map((file) => file.path)).toContain('lambdas/shipping/plan.ts');
  });

  test(`no function is longer than ${MAX_FUNCTION_LINES} lines`, () => {
    expect(SOURCES.flatMap(longFunctions)).toEqual([]);
  });

  test('lib/ and lambdas/ import nothing from local/, cli/ or sandbox/', () => {
    const offenders = offendingImports(['lib', 'lambdas'], (edge) =>
      inFolder(edge.target, ['local', 'cli', 'sandbox']),
    );
    expect(offenders).toEqual([]);
  });

  test('lambdas/shipping has no runtime import from lambdas/bigcommerce', () => {
    const offenders = offendingImports(
      ['lambdas/shipping'],
      (edge) => !edge.typeOnly && inFolder(edge.target, ['lambdas/bigcommerce']),
    );
    expect(offenders).toEqual([]);
  });

  test('sandbox/ imports nothing from lambdas/ but the generated wire types', () => {
    const offenders = offendingImports(
      ['sandbox'],
      (edge) => inFolder(edge.target, ['lambdas']) && !edge.target.startsWith(GENERATED),
    );
    expect(offenders).toEqual([]);
  });

  test('each operation name is spelled out in exactly one source file', async () => {
    const names = await operationNames();
    expect(names.length).toBeGreaterThan(0);
    const misplaced = [...filesNaming(names)]
      .filter(([, files]) => files.length !== 1)
      .map(([name, files]) => `${name}: ${files.length === 0 ? 'in no file' : files.join(', ')}`);
    expect(misplaced).toEqual([]);
  });
});

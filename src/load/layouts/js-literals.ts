/**
 * The value a JavaScript or TypeScript module exports, read without running it: the module is
 * parsed (TypeScript's parser, which reads `.js`, `.ts` and their `satisfies`, `as` and type
 * annotations alike) and only literal values are taken: strings, numbers, booleans, objects,
 * arrays, and top-level constants that hold them. Anything computed (a function call, a spread,
 * a variable from elsewhere) is reported as unread with its line, for the caller to warn about.
 */
import ts from 'typescript';
import { QuireError } from '../../util/errors.ts';

export type JsValue = string | number | boolean | null | JsValue[] | { [key: string]: JsValue } | Unread;

/** A value that is not a literal: what it says and where. */
export class Unread {
  constructor(
    readonly text: string,
    readonly line: number,
  ) {}
}

export interface ModuleValue {
  /** The exported value (`module.exports =`, `export default`), or undefined when there is none. */
  value: JsValue | undefined;
  /** The file line of an object or array in `value`, and of each element of an array. */
  lineOf: (value: object) => number | undefined;
  elementLines: (array: JsValue[]) => number[] | undefined;
}

/**
 * Long because its visitor (literal values, top-level constants, the lines of objects and arrays)
 * shares three maps with the parse around it; each part is a few lines.
 */
export function readModuleValue(text: string, file: string): ModuleValue {
  const kind = /\.tsx?$/i.test(file) ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  // The parser recovers from syntax errors; what it could not parse is listed here.
  const diagnostics = (source as unknown as { parseDiagnostics?: ts.Diagnostic[] }).parseDiagnostics ?? [];
  if (diagnostics.length > 0) {
    const first = diagnostics[0]!;
    const at = source.getLineAndCharacterOfPosition(first.start ?? 0);
    throw new QuireError(`cannot parse: ${ts.flattenDiagnosticMessageText(first.messageText, '\n')}`, {
      file,
      line: at.line + 1,
      column: at.character + 1,
      source: text,
      hint: 'fix the syntax (the tool this file is written for could not read it either)',
    });
  }
  const lines = new WeakMap<object, number>();
  const elements = new WeakMap<JsValue[], number[]>();
  const lineAt = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const constants = new Map<string, ts.Expression>();
  let exported: ts.Expression | undefined;
  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && d.initializer) constants.set(d.name.text, d.initializer);
      }
    } else if (ts.isExportAssignment(statement)) {
      exported = statement.expression;
    } else if (
      ts.isExpressionStatement(statement) &&
      ts.isBinaryExpression(statement.expression) &&
      statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      statement.expression.left.getText(source) === 'module.exports'
    ) {
      exported = statement.expression.right;
    }
  }

  const resolving = new Set<string>();
  const read = (node: ts.Expression): JsValue => {
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node))
      return read(node.expression);
    if (ts.isNonNullExpression(node) || ts.isTypeAssertionExpression(node)) return read(node.expression);
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
    if (ts.isNumericLiteral(node)) return Number(node.text);
    if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
    if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
    if (node.kind === ts.SyntaxKind.NullKeyword) return null;
    if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken) {
      const inner = read(node.operand);
      if (typeof inner === 'number') return -inner;
    }
    if (ts.isIdentifier(node) && constants.has(node.text) && !resolving.has(node.text)) {
      resolving.add(node.text);
      const value = read(constants.get(node.text)!);
      resolving.delete(node.text);
      return value;
    }
    // `require.resolve('./sidebars.js')` names a file by a literal path: the path is what it says.
    if (
      ts.isCallExpression(node) &&
      node.expression.getText(source) === 'require.resolve' &&
      node.arguments.length === 1 &&
      ts.isStringLiteral(node.arguments[0]!)
    )
      return node.arguments[0].text;
    if (ts.isArrayLiteralExpression(node)) {
      const array: JsValue[] = node.elements.map((e) =>
        ts.isSpreadElement(e) ? new Unread(e.getText(source), lineAt(e)) : read(e),
      );
      lines.set(array, lineAt(node));
      elements.set(array, node.elements.map(lineAt));
      return array;
    }
    if (ts.isObjectLiteralExpression(node)) {
      const object: Record<string, JsValue> = {};
      for (const property of node.properties) {
        const name = property.name && propertyName(property.name);
        if (ts.isPropertyAssignment(property) && name !== undefined) object[name] = read(property.initializer);
        else if (ts.isShorthandPropertyAssignment(property)) object[property.name.text] = read(property.name);
        else if (name !== undefined) object[name] = new Unread(property.getText(source), lineAt(property));
        else object[`…${lineAt(property)}`] = new Unread(property.getText(source), lineAt(property));
      }
      lines.set(object, lineAt(node));
      return object;
    }
    return new Unread(node.getText(source), lineAt(node));
  };

  return {
    value: exported && read(exported),
    lineOf: (value) => lines.get(value),
    elementLines: (array) => elements.get(array),
  };
}

function propertyName(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isPrivateIdentifier(name)) return undefined;
  if (ts.isComputedPropertyName(name) && ts.isStringLiteral(name.expression)) return name.expression.text;
  return undefined;
}

/** An object read from a module (not an array, not unread). */
export function objectValue(value: JsValue | undefined): Record<string, JsValue> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Unread)
    ? value
    : undefined;
}

export const stringValue = (value: JsValue | undefined): string | undefined =>
  typeof value === 'string' ? value : undefined;

/**
 * Finds string literals that name a CloudBase collection (cloudfunctions/_lib/collections.ts) outside the registry.
 * Used by test/unit/collections.test.ts.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'
import { COLLECTIONS } from '../../cloudfunctions/_lib/collections'

export interface CollectionLiteral {
  file: string
  line: number
  name: string
  start: number
  end: number
}

const NAMES = new Set(Object.keys(COLLECTIONS))
/**
 * Whether a literal stands where a collection is meant: an argument of `x.collection('…')` and of the helpers that
 * take a collection name (findById, getInVillage, txGet, seed and test helpers such as `put`, `docs`, `all`,
 * `data.get`), `{ collection: '…' }`, or `const SOME_NAME = '…'`. A one-word name ('people', 'grids', 'requests')
 * is also an ordinary word, an action or a function name, so it counts only there; a name with an underscore
 * ('duty_months') counts anywhere.
 */
export function inCollectionPosition(node: ts.Node): boolean {
  const parent = node.parent
  if (
    (ts.isCallExpression(parent) || ts.isNewExpression(parent)) &&
    parent.arguments?.includes(node as ts.Expression)
  ) {
    const callee = parent.expression
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : ''
    return COLLECTION_TAKERS.test(name)
  }
  if (ts.isPropertyAssignment(parent) && parent.initializer === node)
    return /^(collection|collectionName|c)$/i.test(parent.name.getText())
  if (ts.isVariableDeclaration(parent) && parent.initializer === node) return /^[A-Z_]+$/.test(parent.name.getText())
  return false
}

const COLLECTION_TAKERS =
  /collection|ById$|InVillage$|^txGet$|^getAll$|^(put|docs|doc|all|count|list|get|set|has|byVillage|of|writeDocs)$/i

export function collectionLiterals(root: string, file: string): CollectionLiteral[] {
  const text = readFileSync(join(root, file), 'utf8')
  const source = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  )
  const found: CollectionLiteral[] = []
  const visit = (node: ts.Node) => {
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && NAMES.has(node.text)) {
      const isModuleName = ts.isImportDeclaration(node.parent) || ts.isExportDeclaration(node.parent)
      const isTypeLiteral = ts.isLiteralTypeNode(node.parent)
      if (!isModuleName && !isTypeLiteral && (node.text.includes('_') || inCollectionPosition(node))) {
        const start = node.getStart(source)
        found.push({
          file,
          line: source.getLineAndCharacterOfPosition(start).line + 1,
          name: node.text,
          start,
          end: node.getEnd(),
        })
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

export function sourceFiles(root: string, dirs: string[]): string[] {
  const out: string[] = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir))) {
      if (entry === 'node_modules' || entry === 'results' || entry.startsWith('.')) continue
      const path = join(dir, entry)
      if (statSync(join(root, path)).isDirectory()) walk(path)
      else if (/\.tsx?$/.test(entry) && !entry.endsWith('.d.ts')) out.push(relative(root, join(root, path)))
    }
  }
  for (const dir of dirs) walk(dir)
  return out.sort()
}

// GitHub's page-based lists: per_page (default 30, at most 100) and page, and the Link header that
// Octokit's paginate follows, written as GitHub writes it.

const DEFAULT_PER_PAGE = 30
const MAX_PER_PAGE = 100

/**
 * The page of `items` the request asks for, and its Link header (none when everything fits on one
 * page). `url` is the request's absolute URL; the links keep its query but the page.
 */
export function paginate<T>(
  items: readonly T[],
  query: { per_page?: unknown; page?: unknown },
  url: URL
): { page: T[]; link?: string } {
  const perPage = clamp(query.per_page, DEFAULT_PER_PAGE, MAX_PER_PAGE)
  const page = clamp(query.page, 1, Number.MAX_SAFE_INTEGER)
  const last = Math.max(1, Math.ceil(items.length / perPage))
  const slice = items.slice((page - 1) * perPage, page * perPage)
  if (last === 1) return { page: slice }
  const to = (n: number): string => {
    const target = new URL(url)
    target.searchParams.set('page', String(n))
    return `<${target.toString()}>`
  }
  const rels: string[] = []
  if (page > 1) rels.push(`${to(Math.min(page - 1, last))}; rel="prev"`)
  if (page < last) rels.push(`${to(page + 1)}; rel="next"`, `${to(last)}; rel="last"`)
  if (page > 1) rels.push(`${to(1)}; rel="first"`)
  return { page: slice, link: rels.join(', ') }
}

function clamp(value: unknown, fallback: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) return fallback
  return Math.min(value, max)
}

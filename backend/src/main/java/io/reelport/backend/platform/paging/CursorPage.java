package io.reelport.backend.platform.paging;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a listing: the items and the cursor for the next page, null on the last page.
 *
 * @param <T> the item type
 */
public record CursorPage<T>(List<T> items, String nextCursor) {

    /**
     * Builds a page from a query that fetched {@code limit + 1} rows: the extra row only says that
     * there is a next page.
     */
    public static <E, T> CursorPage<T> of(List<E> fetched, int limit, Function<E, String> cursorOf,
            Function<E, T> toItem) {
        boolean more = fetched.size() > limit;
        List<E> page = more ? fetched.subList(0, limit) : fetched;
        String next = more ? cursorOf.apply(page.get(page.size() - 1)) : null;
        return new CursorPage<>(page.stream().map(toItem).toList(), next);
    }
}

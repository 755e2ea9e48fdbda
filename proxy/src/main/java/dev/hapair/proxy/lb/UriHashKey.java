package dev.hapair.proxy.lb;

/**
 * {@code balance uri [len N] [depth N] [whole]}: the path (the query too with {@code whole}), cut after
 * {@code len} characters and before the slash that would exceed {@code depth} directories (0 = no limit).
 */
public record UriHashKey(int len, int depth, boolean whole) implements HashKey {

    public UriHashKey {
        if (len < 0 || depth < 0) {
            throw new IllegalArgumentException("len and depth must be >= 0");
        }
    }

    @Override
    public long hash(LbRequest request, HashFunction function) {
        String uri = request.uri();
        if (uri == null) {
            return ABSENT;
        }
        String key = whole ? fromPath(uri) : QueryStrings.path(uri);
        return function.hash(cut(key));
    }

    private static String fromPath(String uri) {
        if (uri.startsWith("/")) {
            return uri;
        }
        String path = QueryStrings.path(uri);
        int q = uri.indexOf('?');
        return q < 0 ? path : path + uri.substring(q);
    }

    String cut(String key) {
        int end = key.length();
        if (depth > 0) {
            int slashes = 0;
            for (int i = 0; i < end; i++) {
                if (key.charAt(i) == '/' && ++slashes > depth) {
                    end = i;
                    break;
                }
            }
        }
        if (len > 0 && len < end) {
            end = len;
        }
        return key.substring(0, end);
    }

    @Override
    public String keyword() {
        return "uri";
    }
}

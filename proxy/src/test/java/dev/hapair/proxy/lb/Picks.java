package dev.hapair.proxy.lb;

import java.util.ArrayList;
import java.util.List;

final class Picks {

    private Picks() {}

    static <S extends LbServer> String sequence(ServerSelector<S> selector, LbRequest request, int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Selection<S> s = selector.select(request);
            names.add(s.hasServer() ? s.server().name() : s.outcome().name());
        }
        return String.join(" ", names);
    }

    static LbRequest any() {
        return FakeRequest.uri("/");
    }
}

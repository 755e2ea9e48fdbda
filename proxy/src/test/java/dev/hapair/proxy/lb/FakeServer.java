package dev.hapair.proxy.lb;

/** Mutable test double of a runtime server. */
final class FakeServer implements LbServer {

    final String name;
    final int id;
    int weight;
    final boolean backup;
    int connections;
    int maxconn;
    boolean usable = true;

    FakeServer(String name, int id, int weight, boolean backup) {
        this.name = name;
        this.id = id;
        this.weight = weight;
        this.backup = backup;
    }

    static FakeServer active(String name, int id, int weight) {
        return new FakeServer(name, id, weight, false);
    }

    static FakeServer backup(String name, int id) {
        return new FakeServer(name, id, 1, true);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public int weight() {
        return weight;
    }

    @Override
    public boolean backup() {
        return backup;
    }

    @Override
    public int currentConnections() {
        return connections;
    }

    @Override
    public int maxconn() {
        return maxconn;
    }

    @Override
    public boolean usable() {
        return usable;
    }

    @Override
    public String toString() {
        return name;
    }
}

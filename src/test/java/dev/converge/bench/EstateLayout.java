package dev.converge.bench;

import java.util.List;

/**
 * The shape of a synthetic estate: environments, the accounts they live in, and how many cells each
 * holds. A cell is one VPC with what a small service runs in it ({@link EstateSpec#CELL_SIZE} resources);
 * cells are dealt to the environments in turn, so every environment grows with N.
 */
record EstateLayout(int resources, List<Place> environments, int cells) {

    /** An environment and the account it lives in; environments of one account share its buckets. */
    record Place(String name, String accountId) {

        String roleArn() {
            return "arn:aws:iam::" + accountId + ":role/converge";
        }

        @Override
        public String toString() {
            return name + "@" + accountId;
        }
    }

    /** How the four environments are spread over accounts. */
    enum Accounts {
        /** dev and test share one account, as platform teams' non-production often does; stage and prod have their own. */
        MIXED("111111111111", "111111111111", "222222222222", "333333333333"),
        /** all four in one account. */
        ONE("111111111111", "111111111111", "111111111111", "111111111111"),
        /** each its own account. */
        OWN("111111111111", "222222222222", "333333333333", "444444444444");

        private final List<String> ids;

        Accounts(String... ids) {
            this.ids = List.of(ids);
        }
    }

    static final List<String> NAMES = List.of("dev", "test", "stage", "prod");

    static EstateLayout of(int resources, Accounts accounts) {
        int cells = Math.max(NAMES.size(), Math.round(resources / (float) EstateSpec.CELL_SIZE));
        List<Place> places = java.util.stream.IntStream.range(0, NAMES.size())
                .mapToObj(i -> new Place(NAMES.get(i), accounts.ids.get(i)))
                .toList();
        return new EstateLayout(cells * EstateSpec.CELL_SIZE, places, cells);
    }

    /** The cells of one environment, numbered from 0 within it. */
    int cellsOf(int environment) {
        return cells / environments.size() + (environment < cells % environments.size() ? 1 : 0);
    }

    long accounts() {
        return environments.stream().map(Place::accountId).distinct().count();
    }
}

package dev.hapair.proxy.backend;

/**
 * What the runtime API may do to a frontend's listeners ({@code disable|enable|shutdown frontend},
 * {@code set maxconn frontend|global}), implemented by the server that owns the sockets.
 */
public interface FrontendControl {
    /** Stops accepting (connections wait in the kernel's backlog); false when there is no such frontend. */
    boolean pause(String frontend);

    /** Accepts again after {@link #pause}. */
    boolean resume(String frontend);

    /** Closes the frontend's listeners for good (until a reload brings them back). */
    boolean shutdown(String frontend);

    /** Changes a frontend's maxconn at run time (0 = unlimited). */
    boolean setMaxconn(String frontend, int maxconn);

    /** Changes the process-wide maxconn at run time. */
    void setGlobalMaxconn(int maxconn);

    FrontendControl NONE = new FrontendControl() {
        @Override
        public boolean pause(String frontend) {
            return false;
        }

        @Override
        public boolean resume(String frontend) {
            return false;
        }

        @Override
        public boolean shutdown(String frontend) {
            return false;
        }

        @Override
        public boolean setMaxconn(String frontend, int maxconn) {
            return false;
        }

        @Override
        public void setGlobalMaxconn(int maxconn) {}
    };
}

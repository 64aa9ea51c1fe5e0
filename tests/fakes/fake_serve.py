"""What every fake server does last: say where it listens (tests wait for that line) and serve
until it is stopped."""


def serve(server, banner):
    print(banner, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass

//! The bare actix-web baseline of the benchmarks (`scripts/bench-auth.sh`): one handler,
//! `GET /hello`, answering the same body as the gateway's `/healthz`, with nothing around it —
//! no middleware, no state, one route. Same allocator and worker count as the gateway, so the
//! ratio `/healthz ÷ /hello` is what the gateway's outer layers (request id, envelope,
//! routing among all routes) cost.
//!
//! `cargo run --release -p bench-bare -- 127.0.0.1:PORT`

use actix_web::{web, App, HttpResponse, HttpServer};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

async fn hello() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "status": "ok" }))
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8081".to_owned());
    HttpServer::new(|| App::new().route("/hello", web::get().to(hello)))
        .bind(addr)?
        .run()
        .await
}

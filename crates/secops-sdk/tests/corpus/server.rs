//! A loopback HTTP/1.1 server for the corpus, written on raw TCP so that it can answer the way
//! httpmock cannot: stall before the headers or in the middle of the body, cut a body short of
//! its `content-length`, send 20 MB. It answers each request by path and records every request
//! it received (method, path, headers, body) for the cases to inspect.
//!
//! One request per connection (`connection: close`), which reqwest handles as any server's.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request as the server received it.
#[derive(Clone, Debug)]
pub struct Request {
    pub method: String,
    /// The path without the query.
    pub path: String,
    pub query: String,
    headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    /// The value of header `name` (any case), if it was sent.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The value of form field `name` in a form-encoded body.
    pub fn form(&self, name: &str) -> Option<String> {
        url::form_urlencoded::parse(&self.body)
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
    }

    /// The body as (lossy) text.
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// How a reply goes over the wire.
#[derive(Clone, Copy, Debug)]
enum Shape {
    /// Head and body at once.
    Whole,
    /// Nothing for this long, then head and body.
    StallBeforeHead(Duration),
    /// The head and the first `after` bytes of the body, nothing for `stall`, then the rest.
    StallMidBody { after: usize, stall: Duration },
    /// A `content-length` `missing` bytes larger than the body, then the connection closes.
    CutShort { missing: usize },
}

/// What the server answers to one request.
#[derive(Clone, Debug)]
pub struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    shape: Shape,
}

impl Reply {
    /// `status` with `body` as `content_type`.
    pub fn bytes(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            headers: vec![("content-type".into(), content_type.into())],
            body: body.into(),
            shape: Shape::Whole,
        }
    }

    /// `status` with a JSON body.
    pub fn json(status: u16, body: serde_json::Value) -> Self {
        Self::bytes(status, "application/json", body.to_string())
    }

    /// `status` with `text` labelled as JSON, whatever it is.
    pub fn json_text(status: u16, text: impl Into<Vec<u8>>) -> Self {
        Self::bytes(status, "application/json", text)
    }

    /// `status` with an HTML page.
    pub fn html(status: u16, page: impl Into<Vec<u8>>) -> Self {
        Self::bytes(status, "text/html; charset=utf-8", page)
    }

    /// `status` with no body and no content type.
    pub fn empty(status: u16) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: Vec::new(),
            shape: Shape::Whole,
        }
    }

    /// A redirect to `location`.
    pub fn redirect(status: u16, location: &str) -> Self {
        Self::empty(status).header("location", location)
    }

    /// The reply with one more header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The reply sent after `stall` of silence.
    pub fn stall_before_head(mut self, stall: Duration) -> Self {
        self.shape = Shape::StallBeforeHead(stall);
        self
    }

    /// The reply with its body stalled for `stall` after `after` bytes.
    pub fn stall_mid_body(mut self, after: usize, stall: Duration) -> Self {
        self.shape = Shape::StallMidBody { after, stall };
        self
    }

    /// The reply announcing `missing` more bytes than it sends, then closing.
    pub fn cut_short(mut self, missing: usize) -> Self {
        self.shape = Shape::CutShort { missing };
        self
    }

    fn head(&self, length: usize) -> Vec<u8> {
        let mut head = format!("HTTP/1.1 {} Corpus\r\n", self.status);
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!(
            "content-length: {length}\r\nconnection: close\r\n\r\n"
        ));
        head.into_bytes()
    }

    async fn write(&self, socket: &mut TcpStream) -> std::io::Result<()> {
        match self.shape {
            Shape::Whole => {
                socket.write_all(&self.head(self.body.len())).await?;
                socket.write_all(&self.body).await?;
            }
            Shape::StallBeforeHead(stall) => {
                tokio::time::sleep(stall).await;
                socket.write_all(&self.head(self.body.len())).await?;
                socket.write_all(&self.body).await?;
            }
            Shape::StallMidBody { after, stall } => {
                let after = after.min(self.body.len());
                socket.write_all(&self.head(self.body.len())).await?;
                socket.write_all(&self.body[..after]).await?;
                socket.flush().await?;
                tokio::time::sleep(stall).await;
                socket.write_all(&self.body[after..]).await?;
            }
            Shape::CutShort { missing } => {
                socket
                    .write_all(&self.head(self.body.len() + missing))
                    .await?;
                socket.write_all(&self.body).await?;
            }
        }
        socket.flush().await?;
        socket.shutdown().await
    }
}

type Handler = Arc<dyn Fn(&Request) -> Reply + Send + Sync>;

/// How the server answers requests for one path.
pub struct Route {
    path: String,
    handler: Handler,
}

/// Requests for `path` (without query) are answered by `handler`.
pub fn route(path: &str, handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Route {
    Route {
        path: path.to_owned(),
        handler: Arc::new(handler),
    }
}

/// A running loopback server. It stops with the test's runtime.
#[derive(Clone)]
pub struct Server {
    base: String,
    seen: Arc<Mutex<Vec<Request>>>,
}

impl Server {
    /// A server answering by `routes`; any other path gets a JSON 404.
    pub async fn start(routes: Vec<Route>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let routes = Arc::new(routes);
        let log = seen.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let routes = routes.clone();
                let log = log.clone();
                tokio::spawn(async move {
                    serve(socket, &routes, &log).await;
                });
            }
        });
        Self { base, seen }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// `host:port`, as a `Location` naming this server shows its host.
    pub fn authority(&self) -> &str {
        self.base.trim_start_matches("http://")
    }

    /// The URL of `path_and_query` on this server.
    pub fn url(&self, path_and_query: &str) -> String {
        format!("{}{path_and_query}", self.base)
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<Request> {
        self.seen.lock().unwrap().clone()
    }

    /// How many requests for `path` were received.
    pub fn count(&self, path: &str) -> usize {
        self.requests()
            .iter()
            .filter(|request| request.path == path)
            .count()
    }
}

async fn serve(mut socket: TcpStream, routes: &[Route], log: &Mutex<Vec<Request>>) {
    let Some(request) = read_request(&mut socket).await else {
        return;
    };
    log.lock().unwrap().push(request.clone());
    let reply = match routes.iter().find(|route| route.path == request.path) {
        Some(route) => (route.handler)(&request),
        None => Reply::json(404, serde_json::json!({"message": "no such route"})),
    };
    let _ = reply.write(&mut socket).await;
}

async fn read_request(socket: &mut TcpStream) -> Option<Request> {
    let mut data = Vec::new();
    let mut buffer = [0_u8; 8192];
    let head_end = loop {
        let read = socket.read(&mut buffer).await.ok()?;
        if read == 0 {
            return None;
        }
        data.extend_from_slice(&buffer[..read]);
        if let Some(at) = data.windows(4).position(|window| window == b"\r\n\r\n") {
            break at + 4;
        }
    };
    let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let target = request_line.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| {
            let (name, value) = line.split_once(':')?;
            Some((name.trim().to_owned(), value.trim().to_owned()))
        })
        .collect();
    let length: usize = headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.parse().ok())
        .unwrap_or(0);
    while data.len() < head_end + length {
        let read = socket.read(&mut buffer).await.ok()?;
        if read == 0 {
            break;
        }
        data.extend_from_slice(&buffer[..read]);
    }
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path.to_owned(), query.to_owned()),
        None => (target, String::new()),
    };
    Some(Request {
        method,
        path,
        query,
        headers,
        body: data[head_end..].to_vec(),
    })
}

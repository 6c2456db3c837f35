// The victim's booked web chat through Amazon Connect (docs/web-chat.md, "In AWS"): the page asks the
// public app to start the chat (its link already checked and bound to this browser), then joins it with
// amazon-connect-chatjs. Nothing of the chat is kept in the browser beyond this page.

const root = document.getElementById('connect-chat');
const status = document.getElementById('chat-status');
const lines = document.getElementById('chat-lines');
const form = document.getElementById('chat-form');
const text = document.getElementById('text');
const endButton = document.getElementById('chat-end');

const say = (message) => {
  status.textContent = message;
};

const WHO = { CUSTOMER: 'You', AGENT: 'Victim First', SYSTEM: 'Victim First' };

function addLine(who, message) {
  const item = document.createElement('li');
  item.className = 'govuk-!-margin-bottom-4';
  const from = document.createElement('p');
  from.className = 'govuk-body-s govuk-!-margin-bottom-1';
  const name = document.createElement('strong');
  name.textContent = who;
  from.append(name);
  const body = document.createElement('p');
  body.className = 'govuk-body govuk-!-margin-bottom-0';
  body.textContent = message;
  item.append(from, body);
  lines.append(item);
}

function ended() {
  form.hidden = true;
  say('This web chat has ended. Thank you for talking to us. If you need to talk again, phone us.');
}

async function start() {
  const body = new URLSearchParams({ [root.dataset.formTokenField]: root.dataset.formToken });
  const answer = await fetch(root.dataset.start, {
    method: 'POST',
    body,
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
  });
  if (answer.status === 409) return ended();
  if (!answer.ok) return say('This web chat link does not work. To talk to us, phone the number below.');
  const details = await answer.json();

  const { ChatSession } = window.connect;
  ChatSession.setGlobalConfig({ region: root.dataset.region });
  const session = ChatSession.create({
    chatDetails: {
      contactId: details.contactId,
      participantId: details.participantId,
      participantToken: details.participantToken,
    },
    options: { region: root.dataset.region },
    type: ChatSession.SessionTypes.CUSTOMER,
    disableCSM: true,
  });
  session.onMessage(({ data }) => {
    if (data.Type === 'MESSAGE' && typeof data.Content === 'string')
      addLine(WHO[data.ParticipantRole] ?? 'Victim First', data.Content);
  });
  session.onEnded(ended);
  session.onConnectionBroken?.(() => say('The chat lost its connection. Reload this page to join it again.'));

  const connected = await session.connect();
  if (!connected?.connectSuccess) return say('The chat could not connect. Reload this page, or phone us.');
  say('You are in the chat. A caseworker will reply here.');
  form.hidden = false;

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const message = text.value.trim();
    if (message === '') return;
    if (message.length > Number(text.getAttribute('maxlength') ?? text.dataset.maxlength ?? 1000))
      return say('Your message is too long: send it in shorter parts.');
    text.value = '';
    text.dispatchEvent(new Event('input'));
    await session.sendMessage({ contentType: 'text/plain', message });
  });
  endButton.addEventListener('click', async () => {
    await session.disconnectParticipant();
    ended();
  });
}

start().catch(() => say('The chat could not start. Reload this page, or phone us.'));

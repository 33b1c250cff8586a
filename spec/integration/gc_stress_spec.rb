# frozen_string_literal: true

# The binding keeps Ruby objects alive across the Rust boundary (the custom handler bridge,
# the download IO, exceptions parked during a callback). Under GC.stress a collection runs at
# every allocation: a value the binding failed to keep reachable would crash the process.
RSpec.describe 'The binding under GC.stress' do
  include_context 'with the zoho emulator'

  it 'runs the walkthrough with a custom handler, a streamed download and an error' do
    init_sdk(ZCRMSDKSpec::Stores.config('custom', scratch))
    grant = emulator.grant_token
    lead = ZCRMSDK::Operations::ZCRMRecord.get_instance('Leads')
    lead['Last_Name'] = 'Stress'
    sink = StringIO.new(+'')

    GC.stress = true
    begin
      ZCRMSDK::OAuthClient::ZohoOAuth.get_client_instance.generate_access_token(grant)
      email = client.get_current_user.data[0].email
      lead.create
      upload = File.join(scratch, 'note.txt')
      File.write(upload, 'under stress')
      attachment = lead.upload_attachment(upload).data
      lead.download_attachment(attachment.id, to: sink)
      missing = begin
        client.get_organization_instance.get_user('1')
      rescue ZCRMSDK::NoContentError => e
        e
      end
    ensure
      GC.stress = false
    end

    expect(email).to eq(user)
    expect(sink.string).to eq('under stress')
    expect(missing.status_code).to eq(204)
  end
end

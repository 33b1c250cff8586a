# frozen_string_literal: true

require 'timeout'
require_relative 'support/zcrm_stubs_spec'
# For ZCRMRestClient.with_user (plain Ruby; no native code is loaded by it).
require File.expand_path('../../lib/zcrmsdk/rest_client', __dir__)

RSpec.describe 'lazy pagination (each_record and friends)' do
  subject(:leads) { ZCRMSDK::Operations::ZCRMModule.get_instance('Leads') }

  # One page of a records-like list, as Zoho sends it.
  def page_json(ids, page:, more:, key: 'data')
    { key => ids.map { |id| { 'id' => id.to_s, 'Last_Name' => "Name #{id}" } },
      'info' => { 'per_page' => 2, 'count' => ids.size, 'page' => page, 'more_records' => more } }
  end

  # Answers `operation` by page number: a Hash is a page's JSON, a Proc builds the answer
  # (or raises) when that page is asked for. (No keywords: `1 => page` must stay a Hash.)
  def stub_pages(operation, pages, api_key = 'data')
    stub_api(operation => lambda do |args|
      answer = pages.fetch(args['page']) { raise "page #{args['page']} was not expected" }
      answer.respond_to?(:call) ? answer.call : raw(answer, api_key: api_key)
    end)
  end

  def pages_asked(operation = 'records.list')
    calls.select { |op, _| op == operation }.map { |_, args| args['page'] }
  end

  def no_content_error
    ZCRMSDK::NoContentError.new('https://www.zohoapis.com/crm/v2/Leads', 204, 'No Content', 'No Content')
  end

  def wait_for(queue)
    Timeout.timeout(5) { queue.pop }
  end

  let(:three_pages) do
    { 1 => page_json([1, 2], page: 1, more: true), 2 => page_json([3, 4], page: 2, more: true),
      3 => page_json([5], page: 3, more: false) }
  end

  describe 'ZCRMModule#each_record' do
    it 'is an Enumerator that asks for nothing until it is iterated' do
      stub_pages('records.list', three_pages)
      records = leads.each_record
      expect(records).to be_an(Enumerator)
      expect(calls).to be_empty
    end

    it 'fetches page after page with get_records args, following info.more_records' do
      stub_pages('records.list', three_pages)
      records = leads.each_record(per_page: 2, fields: %w[Last_Name Email], cvid: 7, sort_by: 'Last_Name',
                                  sort_order: 'asc', converted: 'both', approved: true).to_a
      expect(records.map(&:entity_id)).to eq(%w[1 2 3 4 5])
      expect(records).to all(be_a(ZCRMSDK::Operations::ZCRMRecord).and(have_attributes(module_api_name: 'Leads')))
      expect(records.last['Last_Name']).to eq('Name 5')
      expect(calls.map(&:last)).to eq([1, 2, 3].map do |page|
        { 'module' => 'Leads', 'cvid' => '7', 'sort_by' => 'Last_Name', 'sort_order' => 'asc', 'page' => page,
          'per_page' => 2, 'fields' => 'Last_Name,Email', 'converted' => 'both', 'approved' => 'true' }
      end)
    end

    it 'asks for pages of 200 by default and passes modified_since' do
      stub_pages('records.list', 1 => page_json([1], page: 1, more: false))
      leads.each_record(modified_since: '2019-07-25T15:26:49+05:30').to_a
      expect(calls).to eq([['records.list', { 'module' => 'Leads', 'page' => 1, 'per_page' => 200,
                                              'modified_since' => '2019-07-25T15:26:49+05:30' }]])
    end

    it 'passes String-keyed options on as headers, as get_records does' do
      stub_pages('records.list', 1 => page_json([1], page: 1, more: false))
      leads.each_record('If-Modified-Since' => '2019-07-25T15:26:49+05:30').to_a
      expect(last_call[1]['headers']).to eq('If-Modified-Since' => '2019-07-25T15:26:49+05:30')
    end

    it 'yields to a block and returns the module' do
      stub_pages('records.list', three_pages)
      ids = []
      expect(leads.each_record(per_page: 2) { |record| ids << record.entity_id }).to be(leads)
      expect(ids).to eq(%w[1 2 3 4 5])
    end

    it 'rejects page: and unknown keywords at once' do
      stub_pages('records.list', three_pages)
      expect { leads.each_record(page: 2) }.to raise_error(ArgumentError, /page/)
      expect { leads.each_record(bogus: 1) }.to raise_error(ArgumentError, /bogus/)
      expect(calls).to be_empty
    end

    it 'stops at a page without info' do
      stub_pages('records.list', 1 => { 'data' => [{ 'id' => '1' }] })
      expect(leads.each_record.map(&:entity_id)).to eq(%w[1])
    end

    it 'is empty for an empty module (204 No Content), not an exception' do
      stub_pages('records.list', 1 => -> { raise no_content_error })
      expect(leads.each_record.to_a).to eq([])
      expect(pages_asked).to eq([1])
    end

    it 'is empty for a 204 answer turned into a response by hand (1.0.x No Content exception)' do
      stub_pages('records.list', 1 => -> { raw({}, status: 204) })
      expect(leads.each_record.to_a).to eq([])
    end

    it 'ends at a 204 mid-way' do
      stub_pages('records.list', 1 => page_json([1, 2], page: 1, more: true), 2 => -> { raise no_content_error })
      expect(leads.each_record(per_page: 2).map(&:entity_id)).to eq(%w[1 2])
      expect(pages_asked).to eq([1, 2])
    end

    it 'ends at a 304 Not Modified' do
      stub_pages('records.list', 1 => -> { raw({}, status: 304) })
      expect(leads.each_record(modified_since: Time.now).to_a).to eq([])
    end

    it 'ends at an empty page even when Zoho says more records follow' do
      stub_pages('records.list', 1 => page_json([1], page: 1, more: true), 2 => page_json([], page: 2, more: true))
      expect(leads.each_record.map(&:entity_id)).to eq(%w[1])
      expect(pages_asked).to eq([1, 2])
    end

    it 'raises an error of the first page at once' do
      error = ZCRMSDK::AuthenticationError.new('u', 401, 'invalid oauth token', 'INVALID_TOKEN')
      stub_pages('records.list', 1 => -> { raise error })
      expect { leads.each_record.to_a }.to raise_error(error)
    end

    it 'fetches page n+1 in the background while the caller works on page n' do
      started = Queue.new
      stub_pages('records.list', three_pages.merge(2 => lambda do
        started << Thread.current
        raw(three_pages[2])
      end))
      seen = []
      leads.each_record(per_page: 2) do |record|
        # Still on record 1: page 2 is requested meanwhile, from another thread.
        expect(wait_for(started)).not_to eq(Thread.current) if record.entity_id == '1'
        seen << record.entity_id
      end
      expect(seen).to eq(%w[1 2 3 4 5])
    end

    it 'fetches one page ahead only' do
      fetched = Queue.new
      stub_pages('records.list', three_pages.merge(2 => lambda do
        fetched << true
        raw(three_pages[2])
      end))
      leads.each_record(per_page: 2) do |record|
        if record.entity_id == '1'
          wait_for(fetched)
          sleep 0.05 # time enough for a runaway prefetch of page 3
        end
        expect(pages_asked).to eq([1, 2]) if %w[1 2].include?(record.entity_id)
      end
      expect(pages_asked).to eq([1, 2, 3])
    end

    it 'raises a prefetch error where its page is needed, after the current page, not earlier' do
      error = ZCRMSDK::ServerError.new('u', 500, 'boom', 'INTERNAL_ERROR')
      failed = Queue.new
      stub_pages('records.list', 1 => page_json([1, 2], page: 1, more: true), 2 => lambda do
        failed << Thread.current
        raise error
      end)
      seen = []
      expect do
        expect do
          leads.each_record(per_page: 2) do |record|
            if record.entity_id == '1'
              prefetcher = wait_for(failed)
              Timeout.timeout(5) { Thread.pass while prefetcher.alive? } # page 2 has failed by now
            end
            seen << record.entity_id
          end
        end.to raise_error { |raised| expect(raised).to be(error) }
      end.not_to output.to_stderr # no "thread terminated with exception" report
      expect(seen).to eq(%w[1 2])
    end

    it 'leaves no thread behind after break' do
      started = Queue.new
      stub_pages('records.list', 1 => page_json([1, 2], page: 1, more: true), 2 => lambda do
        started << Thread.current
        Queue.new.pop # a request that never ends
      end)
      before = Thread.list
      prefetcher = nil
      leads.each_record(per_page: 2) do
        prefetcher = wait_for(started)
        break
      end
      expect(prefetcher).not_to be_alive
      expect(Thread.list - before).to be_empty
    end

    it 'leaves no thread behind when the block raises' do
      stub_pages('records.list', 1 => page_json([1, 2], page: 1, more: true), 2 => -> { Queue.new.pop })
      before = Thread.list
      expect { leads.each_record { raise ArgumentError, 'mine' } }.to raise_error(ArgumentError, 'mine')
      expect(Thread.list - before).to be_empty
    end

    it 'lazy.first(n) needs only the pages that hold n records, and cleans up the one ahead' do
      stub_pages('records.list', three_pages.merge(2 => -> { Queue.new.pop }))
      before = Thread.list
      expect(leads.each_record(per_page: 2).lazy.map(&:entity_id).first(2)).to eq(%w[1 2])
      expect(pages_asked - [2]).to eq([1]) # page 2 at most started ahead of time; never page 3
      expect(Thread.list - before).to be_empty
    end

    it 'with prefetch: false, lazy.first(n) fetches exactly the pages it needs' do
      stub_pages('records.list', three_pages)
      expect(leads.each_record(per_page: 2, prefetch: false).lazy.map(&:entity_id).first(3)).to eq(%w[1 2 3])
      expect(pages_asked).to eq([1, 2])
      expect(leads.each_record(per_page: 2, prefetch: false).first(1).map(&:entity_id)).to eq(%w[1])
      expect(pages_asked).to eq([1, 2, 1])
    end

    it 'works with external iteration (next)' do
      stub_pages('records.list', three_pages)
      records = leads.each_record(per_page: 2)
      expect(Array.new(5) { records.next.entity_id }).to eq(%w[1 2 3 4 5])
      expect { records.next }.to raise_error(StopIteration)
    end

    it 'fetches ahead as the user set with ZCRMRestClient.with_user' do
      users = []
      stub_api('records.list' => lambda do |args|
        users << [args['page'], ZCRMSDK::RestClient::ZCRMRestClient.current_user_email]
        raw(page_json([args['page']], page: args['page'], more: args['page'] < 3))
      end)
      ZCRMSDK::RestClient::ZCRMRestClient.with_user('sales@example.com') { leads.each_record.to_a }
      expect(users).to eq([1, 2, 3].map { |page| [page, 'sales@example.com'] })
    end
  end

  describe 'ZCRMModule#each_search_result' do
    it 'searches page after page by the one term given' do
      stub_pages('records.search', 1 => page_json([1], page: 1, more: true), 2 => page_json([2], page: 2, more: false))
      found = leads.each_search_result(criteria: '(Last_Name:equals:Name)', per_page: 1).map(&:entity_id)
      expect(found).to eq(%w[1 2])
      expect(calls.map(&:last)).to eq([1, 2].map do |page|
        { 'module' => 'Leads', 'criteria' => '(Last_Name:equals:Name)', 'page' => page, 'per_page' => 1 }
      end)
    end

    it 'is empty without hits (204)' do
      stub_pages('records.search', 1 => -> { raise no_content_error })
      expect(leads.each_search_result(email: 'nobody@example.com').to_a).to eq([])
      expect(last_call[1]).to eq('module' => 'Leads', 'email' => 'nobody@example.com', 'page' => 1, 'per_page' => 200)
    end

    it 'wants exactly one term, and says so before any call' do
      stub_api
      expect { leads.each_search_result }.to raise_error(zcrm_exception_with_code('SEARCH WORD NOT PROVIDED'))
      expect { leads.each_search_result(word: 'a', phone: '1') }.to raise_error(zcrm_exception_with_code('INVALID ARGUMENT'))
      expect(calls).to be_empty
    end
  end

  describe 'ZCRMModule#each_deleted_record' do
    it 'walks the deleted records of a type' do
      stub_pages('records.deleted', 1 => page_json(%w[x], page: 1, more: true), 2 => page_json(%w[y], page: 2, more: false))
      trash = leads.each_deleted_record(type: :recycle).to_a
      expect(trash).to all(be_a(ZCRMSDK::Operations::ZCRMTrashRecord))
      expect(calls.map(&:last)).to eq([{ 'module' => 'Leads', 'type' => 'recycle', 'page' => 1, 'per_page' => 200 },
                                       { 'module' => 'Leads', 'type' => 'recycle', 'page' => 2, 'per_page' => 200 }])
    end

    it 'rejects an unknown type' do
      expect { leads.each_deleted_record(type: 'gone') }.to raise_error(ArgumentError, /all, recycle, permanent/)
    end
  end

  describe 'ZCRMRecord' do
    let(:deal) { ZCRMSDK::Operations::ZCRMRecord.new('Deals', 9) }

    it '#each_related_record walks a related list with its options' do
      stub_pages('relations.list', 1 => page_json(%w[c1], page: 1, more: true), 2 => page_json(%w[c2], page: 2, more: false))
      contacts = deal.each_related_record('Contacts', sort_by: 'Email', fields: %w[Email], per_page: 1).to_a
      expect(contacts.map(&:entity_id)).to eq(%w[c1 c2])
      expect(contacts.first.module_api_name).to eq('Contacts')
      expect(calls.map(&:last)).to eq([1, 2].map do |page|
        { 'module' => 'Deals', 'record_id' => '9', 'related_list' => 'Contacts', 'sort_by' => 'Email', 'page' => page,
          'per_page' => 1, 'fields' => 'Email' }
      end)
    end

    it '#each_related_record returns the record when given a block' do
      stub_pages('relations.list', 1 => -> { raise no_content_error })
      expect(deal.each_related_record('Contacts') { raise 'no related records expected' }).to be(deal)
    end

    it '#each_note walks the notes of the record' do
      stub_pages('notes.list_for_record', 1 => page_json(%w[n1], page: 1, more: true),
                                          2 => page_json(%w[n2], page: 2, more: false))
      notes = deal.each_note(sort_order: 'desc').to_a
      expect(notes).to all(be_a(ZCRMSDK::Operations::ZCRMNote))
      expect(notes.map(&:id)).to eq(%w[n1 n2])
      expect(last_call).to eq(['notes.list_for_record', { 'module' => 'Deals', 'record_id' => '9',
                                                          'sort_order' => 'desc', 'page' => 2, 'per_page' => 200 }])
    end

    it '#each_attachment walks the attachments of the record' do
      stub_pages('attachments.list', 1 => page_json(%w[a1], page: 1, more: false))
      expect(deal.each_attachment.map(&:id)).to eq(%w[a1])
      expect(last_call).to eq(['attachments.list', { 'module' => 'Deals', 'record_id' => '9', 'page' => 1,
                                                     'per_page' => 200 }])
    end

    it 'checks the record id and the related list name before any call' do
      stub_api
      orphan = ZCRMSDK::Operations::ZCRMRecord.new('Deals')
      expect { orphan.each_related_record('Contacts') }.to raise_error(zcrm_exception_with_code('RECORD ID NOT PROVIDED'))
      expect { orphan.each_note }.to raise_error(zcrm_exception_with_code('RECORD ID NOT PROVIDED'))
      expect { deal.each_related_record(nil) }.to raise_error(zcrm_exception_with_code('NO RELATED LIST API NAME PROVIDED'))
      expect(calls).to be_empty
    end
  end

  it 'ZCRMNote#each_attachment walks the note attachments' do
    stub_pages('attachments.list', 1 => page_json(%w[a1], page: 1, more: false))
    expect(ZCRMSDK::Operations::ZCRMNote.new(nil, 'n1').each_attachment.map(&:id)).to eq(%w[a1])
    expect(last_call[1]).to eq('module' => 'Notes', 'record_id' => 'n1', 'page' => 1, 'per_page' => 200)
  end

  describe 'ZCRMOrganization' do
    let(:org) { ZCRMSDK::Org::ZCRMOrganization.get_instance }

    it '#each_user walks the users of a type' do
      stub_pages('users.list', { 1 => page_json(%w[u1 u2], page: 1, more: true, key: 'users'),
                                 2 => page_json(%w[u3], page: 2, more: false, key: 'users') }, 'users')
      users = org.each_user(type: 'ActiveUsers', per_page: 2).to_a
      expect(users).to all(be_a(ZCRMSDK::Operations::ZCRMUser))
      expect(users.map(&:id)).to eq(%w[u1 u2 u3])
      expect(calls.map(&:last)).to eq([{ 'type' => 'ActiveUsers', 'page' => 1, 'per_page' => 2 },
                                       { 'type' => 'ActiveUsers', 'page' => 2, 'per_page' => 2 }])
    end

    it '#each_user asks for all users by default and returns the organization with a block' do
      stub_pages('users.list', { 1 => page_json(%w[u1], page: 1, more: false, key: 'users') }, 'users')
      expect(org.each_user { |user| user }).to be(org)
      expect(last_call[1]).to eq('type' => 'AllUsers', 'page' => 1, 'per_page' => 200)
    end

    it '#each_note walks the notes of the org' do
      stub_pages('notes.list', 1 => page_json(%w[n1], page: 1, more: false))
      expect(org.each_note(sort_by: 'Modified_Time').map(&:id)).to eq(%w[n1])
      expect(last_call[1]).to eq('page' => 1, 'per_page' => 200, 'sort_by' => 'Modified_Time')
    end
  end
end
